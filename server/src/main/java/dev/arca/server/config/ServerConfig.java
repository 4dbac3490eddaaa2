package dev.arca.server.config;

import dev.arca.server.storage.StorageUrl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a server needs to start, after the config file, {@code ARCA_*} variables and flags were applied
 * (in that order, later wins; see {@link ServerConfigLoader}).
 *
 * @param listenHost address to bind; plain HTTP is allowed only when it is a loopback address
 * @param dataDir where the SQLite file, the audit file and (in dev mode) the dev credentials live
 * @param storage where the data lives; SQLite under {@code dataDir} unless set
 * @param auditFile the JSON-lines audit trail
 * @param auditFsync whether each audit batch is forced to disk before answering (on unless explicitly turned off)
 * @param tlsCert PEM certificate chain; with {@code tlsKey} turns on HTTPS
 * @param dev dev mode: auto-init with one key share kept on disk, auto-unseal, a {@code default} vault
 * @param arcaHome the client home ({@code ~/.arca}) where dev mode leaves the root token for the CLI
 * @param maxBodyBytes largest request body accepted (413 above it)
 * @param rateLimits requests per second per principal and per source address (0 = no limit)
 * @param socket a Unix domain socket to listen on as well (plain HTTP, mode 0600), or empty
 * @param allowedHosts host names (lower case, without port) this server also goes by, besides localhost, loopback
 *     addresses and the listen address: {@code sys/init} is refused under any other {@code Host}
 * @param auditOnMismatch what to do when the audit file does not end where the database says (cut, removed, rewritten)
 * @param auditOutputs rotation by size and the audit collectors over the network ({@link AuditOutputs})
 * @param acme how the ACME server validates challenges and how the ACME client answers them
 * @param doors the compatible front doors' listeners (SikkerKey, SanctumAI), each off unless set
 */
public record ServerConfig(String listenHost, int listenPort, Path dataDir, StorageUrl storage, Path auditFile,
        boolean auditFsync, Optional<Path> tlsCert, Optional<Path> tlsKey, boolean dev, Path arcaHome,
        long maxBodyBytes, RateLimits rateLimits, Optional<Path> socket, List<String> allowedHosts,
        AuditOnMismatch auditOnMismatch, AuditOutputs auditOutputs, AcmeSettings acme,
        DoorSettings doors) {

    /** {@code audit_on_mismatch}: refuse to serve (the default), or serve after a loud error and a break entry. */
    public enum AuditOnMismatch {
        REFUSE,
        WARN
    }

    /** Sustained requests per second (bursts of twice that); 0 turns a limit off. */
    public record RateLimits(long perPrincipal, long perSourceIp) {
        public static final RateLimits DEFAULT = new RateLimits(5_000, 10_000);
    }

    public static final int DEFAULT_PORT = 8420;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** {@code sun_path} holds 108 bytes with the terminating NUL on Linux (104 on macOS, checked when binding). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    public ServerConfig {
        allowedHosts = List.copyOf(allowedHosts);
        if (listenPort < 0 || listenPort > 65535) {
            throw new ConfigException("listen port must be 0..65535, got " + listenPort);
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new ConfigException("TLS needs both --tls-cert and --tls-key");
        }
        if (tlsCert.isEmpty() && !isLoopback(listenHost)) {
            throw new ConfigException("refusing to serve plain HTTP on " + listenHost
                    + ": give --tls-cert and --tls-key, or listen on a loopback address such as 127.0.0.1");
        }
        doors.sikkerkeyListen().ifPresent(address -> {
            if (tlsCert.isEmpty() && !address.loopback()) {
                throw new ConfigException("refusing to serve the SikkerKey door over plain HTTP on " + address.host()
                        + ": give --tls-cert and --tls-key, or listen on a loopback address such as 127.0.0.1");
            }
        });
        socket.ifPresent(ServerConfig::checkSocketPath);
        doors.sanctumSocket().ifPresent(ServerConfig::checkSocketPath);
    }

    private static void checkSocketPath(Path path) {
        if (path.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > MAX_SOCKET_PATH_BYTES) {
            throw new ConfigException("socket path " + path.toAbsolutePath() + " is longer than "
                    + MAX_SOCKET_PATH_BYTES + " bytes, the limit of a Unix socket address; choose a shorter one");
        }
    }

    /** The same settings listening on another port (tests restart a server on port 0). */
    public ServerConfig withPort(int port) {
        return new ServerConfig(listenHost, port, dataDir, storage, auditFile, auditFsync, tlsCert, tlsKey, dev,
                arcaHome, maxBodyBytes, rateLimits, socket, allowedHosts, auditOnMismatch, auditOutputs, acme, doors);
    }

    public boolean tls() {
        return tlsCert.isPresent();
    }

    /** The URL clients on this host use to reach the server. */
    public String address(int boundPort) {
        String host = listenHost.contains(":") ? "[" + listenHost + "]" : listenHost;
        if ("0.0.0.0".equals(listenHost) || "::".equals(listenHost)) {
            host = "127.0.0.1";
        }
        return (tls() ? "https://" : "http://") + host + ":" + boundPort;
    }

    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException unknown) {
                return false;
            }
        }
    }
}
