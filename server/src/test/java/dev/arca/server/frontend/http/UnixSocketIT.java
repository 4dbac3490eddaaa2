package dev.arca.server.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.TestServer;
import dev.arca.server.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca server --socket}: the same API on a Unix domain socket only its owner can open. */
class UnixSocketIT {
    @TempDir
    Path dir;

    /** A status and the raw answer (headers and body) of one request over the socket. */
    private record Answer(int status, String raw) {}

    private static Answer send(Path socket, String method, String path, String token, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        var request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (token != null) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        request.append("\r\n");
        try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.US_ASCII)));
            channel.write(ByteBuffer.wrap(bytes));
            InputStream in = Channels.newInputStream(channel);
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(raw.substring(9, 12)), raw);
        }
    }

    private TestServer start(Path socket) {
        return TestServer.start(dir, Map.of("socket", socket.toString()));
    }

    @Test
    void socket_isCreatedOwnerOnly_inANewOwnerOnlyDirectory_andRemovedAtStop() throws IOException {
        Path socket = dir.resolve("run").resolve("arca.sock");
        try (var server = start(socket)) {
            assertThat(server.config().socket()).contains(socket);
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(socket.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(send(socket, "GET", "/v1/sys/health", null, null).status()).isEqualTo(501);
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void socket_servesTheSameApi_asALocalCaller_andIsAuditedAsUnix() throws IOException {
        Path socket = dir.resolve("arca.sock");
        try (var server = start(socket).initAndUnseal()) {
            server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
            server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"value\":\"s3cret-over-socket\"}");

            assertThat(send(socket, "GET", "/v1/sys/health", null, null).raw()).contains("\"sealed\":false");
            Answer read = send(socket, "GET", "/v1/vaults/default/secrets/app/db", server.rootToken, null);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.raw()).contains("s3cret-over-socket");
            Answer anonymous = send(socket, "GET", "/v1/vaults/default/secrets/app/db", null, null);
            assertThat(anonymous.status()).isEqualTo(401);

            String requestId = read.raw().lines().filter(l -> l.regionMatches(true, 0, "X-Request-Id:", 0, 13))
                    .map(l -> l.substring(13).trim()).findFirst().orElseThrow();
            List<String> entries = Files.readAllLines(server.config().auditFile()).stream()
                    .filter(l -> l.contains(requestId)).toList();
            assertThat(entries).hasSize(2).allSatisfy(entry -> assertThat(entry)
                    .contains("\"transport\":\"unix\"").doesNotContain("source_ip"));
            assertThat(Files.readAllLines(server.config().auditFile())).filteredOn(l -> l.contains("/v1/vaults\""))
                    .allSatisfy(tcp -> assertThat(tcp).doesNotContain("transport").contains("\"source_ip\""));
        }
    }

    @Test
    void socketCaller_countsAs127001_forTheVaultAllowlist() throws IOException {
        Path socket = dir.resolve("arca.sock");
        try (var server = start(socket).initAndUnseal()) {
            String token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\"}").json().path("token").asText();
            server.root("PATCH", "/v1/vaults/default", "{\"allowed_cidrs\":[\"127.0.0.1/32\"]}");
            assertThat(send(socket, "GET", "/v1/tokens/self", token, null).status()).isEqualTo(200);

            server.root("PATCH", "/v1/vaults/default", "{\"allowed_cidrs\":[\"10.0.0.0/8\"]}");
            Answer refused = send(socket, "GET", "/v1/tokens/self", token, null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.raw()).contains("allowlist");
        }
    }

    @Test
    void staleSocketFile_isReplaced() throws IOException {
        Path socket = dir.resolve("arca.sock");
        // a socket file nobody listens on any more, as a crashed server leaves it
        try (var crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (var server = start(socket)) {
            assertThat(server.config().socket()).contains(socket);
            assertThat(send(socket, "GET", "/v1/sys/health", null, null).status()).isEqualTo(501);
        }
    }

    @Test
    void liveSocket_refusesToStart_andLeavesTheOtherServerServing() throws IOException {
        Path socket = dir.resolve("arca.sock");
        try (var first = start(socket)) {
            assertThat(first.config().socket()).contains(socket);
            assertThatThrownBy(() -> TestServer.start(dir.resolve("second"), Map.of("socket", socket.toString())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("another server is listening on the socket " + socket);
            assertThat(send(socket, "GET", "/v1/sys/health", null, null).status()).isEqualTo(501);
        }
    }

    @Test
    void aFileThatIsNotASocket_isNeverDeleted() throws IOException {
        Path notSocket = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> start(notSocket)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a socket");
        assertThat(notSocket).hasContent("keep me");
    }
}
