package dev.arca.server.acme;

import dev.arca.server.frontend.acme.AcmeTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * RFC 2136 updates signed with TSIG against a real BIND {@code named} on a free loopback port, serving zone
 * {@code acme.test} that key {@code arca.} may update: present adds the TXT record, cleanup removes it, the zone is
 * found by asking for SOA, and a wrong secret is refused with a message that names the TSIG settings.
 */
@Tag("peer") // a real peer (Pebble, BIND): .ci/run runs it after verify
class Rfc2136DnsProviderIT {
    private static final String FQDN = "_acme-challenge.web.acme.test.";

    @TempDir
    static Path dir;
    static Process named;
    static int port;
    static byte[] secret;

    @BeforeAll
    static void startNamed() throws Exception {
        Path binary = AcmeTools.require("named");
        Path keygen = AcmeTools.require("tsig-keygen");
        Process generated = new ProcessBuilder(keygen.toString(), "-a", "hmac-sha256", "arca.").start();
        String key = new String(generated.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(generated.waitFor()).isZero();
        Matcher found = Pattern.compile("secret \"([^\"]+)\"").matcher(key);
        assertThat(found.find()).isTrue();
        secret = Base64.getDecoder().decode(found.group(1));
        Files.writeString(dir.resolve("arca.key"), key);
        Files.writeString(dir.resolve("acme.test.zone"), """
                $TTL 60
                @ IN SOA ns.acme.test. hostmaster.acme.test. 1 60 60 600 60
                @ IN NS ns.acme.test.
                ns IN A 127.0.0.1
                web IN A 127.0.0.1
                """);
        port = AcmeTools.freePort();
        Files.writeString(dir.resolve("named.conf"), """
                options {
                    directory "%1$s"; pid-file "%1$s/named.pid"; session-keyfile "%1$s/session.key";
                    managed-keys-directory "%1$s"; listen-on port %2$d { 127.0.0.1; }; listen-on-v6 { none; };
                    recursion no; dnssec-validation no; allow-transfer { none; };
                };
                controls { };
                include "%1$s/arca.key";
                zone "acme.test" { type primary; file "%1$s/acme.test.zone"; allow-update { key "arca."; }; };
                """.formatted(dir, port));
        named = new ProcessBuilder(binary.toString(), "-g", "-c", dir.resolve("named.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
        awaitServing();
    }

    @AfterAll
    static void stopNamed() {
        if (named != null) {
            named.destroy();
        }
    }

    @Test
    void present_addsTheTxtRecord_andCleanup_removesIt() throws Exception {
        var provider = new Rfc2136DnsProvider("127.0.0.1:" + port, "acme.test", "arca.", "hmac-sha256", secret);
        provider.present(FQDN, "first-digest");
        provider.present(FQDN, "second-digest");
        assertThat(txt()).containsExactlyInAnyOrder("first-digest", "second-digest");

        provider.cleanup(FQDN, "first-digest");
        assertThat(txt()).containsExactly("second-digest");
        provider.cleanup(FQDN, "second-digest");
        provider.cleanup(FQDN, "second-digest");
        assertThat(txt()).isEmpty();
    }

    @Test
    void withoutAZone_theZoneIsTheOneTheServerAnswersSoaFor() throws Exception {
        var provider = new Rfc2136DnsProvider("127.0.0.1:" + port, null, "arca", "hmac-sha256", secret);
        provider.present("_acme-challenge.deep.name.acme.test", "found-the-zone");
        assertThat(txt("_acme-challenge.deep.name.acme.test.")).containsExactly("found-the-zone");
        provider.cleanup("_acme-challenge.deep.name.acme.test", "found-the-zone");
        assertThat(txt("_acme-challenge.deep.name.acme.test.")).isEmpty();
    }

    @Test
    void aWrongSecret_isRefused_withAMessageNamingTheTsigSettings_andChangesNothing() throws Exception {
        byte[] wrong = secret.clone();
        wrong[0] ^= 1;
        var provider = new Rfc2136DnsProvider("127.0.0.1:" + port, "acme.test", "arca.", "hmac-sha256", wrong);
        assertThatThrownBy(() -> provider.present(FQDN, "never"))
                .isInstanceOf(DnsRecords.DnsUpdateException.class).hasMessageContaining("tsig_secret")
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(wrong));
        assertThat(txt()).doesNotContain("never");
    }

    private static List<String> txt() throws IOException {
        return txt(FQDN);
    }

    private static List<String> txt(String name) throws IOException {
        var lookup = new Lookup(name, Type.TXT);
        var resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(port);
        resolver.setTCP(true);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        return records == null ? List.of() : java.util.Arrays.stream(records)
                .flatMap(r -> ((TXTRecord) r).getStrings().stream()).toList();
    }

    private static void awaitServing() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (true) {
            var lookup = new Lookup("web.acme.test.", Type.A);
            var resolver = new SimpleResolver("127.0.0.1");
            resolver.setPort(port);
            resolver.setTimeout(Duration.ofMillis(300));
            lookup.setResolver(resolver);
            lookup.setCache(null);
            if (lookup.run() != null) {
                return;
            }
            if (!named.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("named did not start: " + Files.readString(dir.resolve("named.log")));
            }
            Thread.sleep(100);
        }
    }
}
