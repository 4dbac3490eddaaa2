package dev.arca.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real openssl, and the calls the CSR and validation tests share. */
final class CsrTestTools {
    static final String V = "/v1/vaults/default";
    static final String PKI = V + "/pki";

    private CsrTestTools() {}

    static OpenSsl.Run openssl(Path dir, String... args) {
        return new OpenSsl(dir).run(args);
    }

    /** openssl, which must succeed; its output. */
    static String ok(Path dir, String... args) {
        OpenSsl.Run run = openssl(dir, args);
        assertThat(run.exitCode()).as("openssl %s: %s", String.join(" ", args), run.output()).isZero();
        return run.output();
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A P-256 key and a CSR for it made by openssl, SANs in its extension request; the CSR's PEM. */
    static String opensslCsr(Path dir, String name, String commonName, String subjectAltName) {
        ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + commonName,
                "-addext", "subjectAltName=" + subjectAltName);
        return read(dir.resolve(name + ".csr"));
    }

    static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    static JsonNode json(int status, TestServer.Response response) {
        return expect(status, response).json();
    }

    /** A root CA generated in the vault; its certificate PEM. */
    static String root(TestServer server, String name, String extraJson) {
        return json(201, server.root("POST", PKI + "/issuers/root", "{\"name\":\"" + name + "\",\"common_name\":\""
                + name + " Root\"" + extraJson + "}")).path("certificate").asText();
    }

    /** A token whose one policy holds {@code rules} (JSON rule objects, comma-separated). */
    static String token(TestServer server, String rules) {
        String name = "p" + Long.toHexString(System.nanoTime());
        expect(200, server.root("PUT", V + "/policies/" + name, "{\"rules\":[" + rules + "]}"));
        TestServer.Response created = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\""
                + name + "\"]}");
        assertThat(created.status()).as(created.body()).isBetween(200, 201);
        return created.json().path("token").asText();
    }

    static String rule(String path, String... permissions) {
        return "{\"path\":\"" + path + "\",\"permissions\":[\"" + String.join("\",\"", permissions) + "\"]}";
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
