package dev.arca.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.arca.server.audit.AuditTrail;
import dev.arca.server.net.Cidr;
import dev.arca.server.net.HostName;
import dev.arca.server.storage.StorageUrl;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link ServerConfig} from, in increasing precedence: defaults, a TOML file ({@code arca.toml}),
 * {@code ARCA_*} environment variables, and command-line flags. Every source uses the same setting names:
 * {@code listen}, {@code data_dir}, {@code storage}, {@code audit_file}, {@code audit_fsync}, {@code tls_cert},
 * {@code tls_key}, {@code max_body_bytes}, {@code rate_limit_per_principal}, {@code rate_limit_per_ip}, {@code socket},
 * {@code allowed_hosts}, {@code audit_on_mismatch}, the audit outputs ({@link AuditOutputs}: {@code audit_max_bytes},
 * {@code audit_keep}, {@code audit_syslog}, {@code audit_syslog_required}, {@code audit_socket}), and the ACME ones
 * ({@link AcmeSettings}):
 * {@code acme_http01_port}, {@code acme_tls_alpn01_port}, {@code acme_dns_resolver}, {@code acme_private_ranges},
 * {@code acme_challenge_listen}, {@code acme_dns_hook}, and the compatible doors' ({@link DoorSettings}):
 * {@code sikkerkey_listen}, {@code sikkerkey_public_url}, {@code sanctum_socket}, {@code sanctum_listen} (env: {@code ARCA_LISTEN}, {@code ARCA_DATA_DIR}, …,
 * {@code ARCA_ACME_DNS_HOOK}).
 */
public final class ServerConfigLoader {
    static final Set<String> SETTINGS = Set.of("listen", "data_dir", "storage", "audit_file", "audit_fsync",
            "tls_cert", "tls_key", "max_body_bytes", "rate_limit_per_principal", "rate_limit_per_ip", "socket",
            "allowed_hosts", "audit_on_mismatch", "audit_max_bytes", "audit_keep", "audit_syslog",
            "audit_syslog_required", "audit_socket", "acme_http01_port", "acme_tls_alpn01_port", "acme_dns_resolver",
            "acme_private_ranges", "acme_challenge_listen", "acme_dns_hook", "sikkerkey_listen", "sikkerkey_public_url",
            "sanctum_socket", "sanctum_listen");

    static final long DEFAULT_AUDIT_KEEP = 10;
    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d{1,9})\\s*([KMG]?)B?");
    /** Below this a busy server would rotate every few seconds. */
    static final long MIN_AUDIT_MAX_BYTES = 1 << 20;

    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean dev;
    private Path arcaHome;

    public ServerConfigLoader(Path arcaHome) {
        this.arcaHome = arcaHome;
    }

    /** Reads a TOML file whose top-level keys are the setting names. Unknown keys are errors. */
    public ServerConfigLoader file(Path file) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        root.properties().forEach(entry -> {
            if (!SETTINGS.contains(entry.getKey())) {
                throw new ConfigException("unknown setting '" + entry.getKey() + "' in " + file
                        + "; known settings: " + String.join(", ", SETTINGS.stream().sorted().toList()));
            }
            values.put(entry.getKey(), entry.getValue().asText());
        });
        return this;
    }

    /** Applies {@code ARCA_LISTEN}, {@code ARCA_DATA_DIR}, … from the given environment. */
    public ServerConfigLoader env(Map<String, String> env) {
        for (String setting : SETTINGS) {
            String value = env.get("ARCA_" + setting.toUpperCase(java.util.Locale.ROOT));
            if (value != null && !value.isBlank()) {
                values.put(setting, value);
            }
        }
        return this;
    }

    /** Applies one flag value when it was given. */
    public ServerConfigLoader flag(String setting, String value) {
        if (!SETTINGS.contains(setting)) {
            throw new IllegalArgumentException("not a setting: " + setting);
        }
        if (value != null) {
            values.put(setting, value);
        }
        return this;
    }

    public ServerConfigLoader dev(boolean dev) {
        this.dev = dev;
        return this;
    }

    public ServerConfig load() {
        String listen = values.getOrDefault("listen", "127.0.0.1:" + ServerConfig.DEFAULT_PORT);
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new ConfigException("listen must be HOST:PORT, e.g. 127.0.0.1:8420; got '" + listen + "'");
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port = parseInt("listen", listen.substring(colon + 1));
        Path dataDir = Path.of(values.getOrDefault("data_dir",
                dev ? arcaHome.resolve("dev").toString() : arcaHome.resolve("data").toString()));
        StorageUrl storage;
        try {
            storage = values.containsKey("storage") ? StorageUrl.parse(values.get("storage"))
                    : StorageUrl.sqlite(dataDir.resolve("arca.db"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Path auditFile = Path.of(values.getOrDefault("audit_file", dataDir.resolve("audit.log").toString()));
        boolean fsync = !"false".equalsIgnoreCase(values.getOrDefault("audit_fsync", "true"));
        long maxBody = number("max_body_bytes", ServerConfig.DEFAULT_MAX_BODY_BYTES);
        return new ServerConfig(host, port, dataDir, storage, auditFile, fsync,
                Optional.ofNullable(values.get("tls_cert")).map(Path::of),
                Optional.ofNullable(values.get("tls_key")).map(Path::of), dev, arcaHome, maxBody,
                new ServerConfig.RateLimits(
                        number("rate_limit_per_principal", ServerConfig.RateLimits.DEFAULT.perPrincipal()),
                        number("rate_limit_per_ip", ServerConfig.RateLimits.DEFAULT.perSourceIp())),
                socket(values.get("socket")), allowedHosts(values.getOrDefault("allowed_hosts", "")),
                auditOnMismatch(values.getOrDefault("audit_on_mismatch", "refuse")), auditOutputs(), acme(), doors());
    }

    private AcmeSettings acme() {
        var ranges = new ArrayList<String>();
        for (String range : values.getOrDefault("acme_private_ranges", "").split(",")) {
            if (!range.isBlank()) {
                try {
                    ranges.add(Cidr.parse(range.strip()).toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("acme_private_ranges: '" + range.strip() + "' is not a CIDR range "
                            + "(give e.g. 10.0.0.0/8,127.0.0.0/8)");
                }
            }
        }
        return new AcmeSettings((int) number("acme_http01_port", AcmeSettings.DEFAULT.http01Port()),
                (int) number("acme_tls_alpn01_port", AcmeSettings.DEFAULT.tlsAlpn01Port()),
                optional("acme_dns_resolver"), ranges, optional("acme_challenge_listen"),
                optional("acme_dns_hook").map(Path::of));
    }

    private DoorSettings doors() {
        return new DoorSettings(
                optional("sikkerkey_listen").map(value -> DoorSettings.HostPort.parse("sikkerkey_listen", value)),
                optional("sikkerkey_public_url").map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                optional("sanctum_socket").filter(value -> !"false".equalsIgnoreCase(value))
                        .map(value -> "true".equalsIgnoreCase(value) ? sanctumHome().resolve("vault.sock")
                                : Path.of(value)),
                optional("sanctum_listen").map(value -> DoorSettings.HostPort.parse("sanctum_listen", value)));
    }

    /** {@code ~/.sanctum}, where the SanctumAI clients look for the socket by default. */
    private static Path sanctumHome() {
        return Path.of(System.getProperty("user.home"), ".sanctum");
    }

    private Optional<String> optional(String setting) {
        return Optional.ofNullable(values.get(setting)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /**
     * {@code allowed_hosts}: comma-separated names (a port after one is ignored), e.g. {@code vault.example.com}, that
     * clients reach this server under, so that {@code sys/init} is accepted with that {@code Host}.
     */
    private static List<String> allowedHosts(String value) {
        var hosts = new ArrayList<String>();
        for (String entry : value.split(",")) {
            String host = entry.strip().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                continue;
            }
            if (!host.matches("(\\[[0-9a-f:.]+\\]|[a-z0-9._-]+)(:\\d{1,5})?")) {
                throw new ConfigException("allowed_hosts: '" + entry.strip() + "' is not a host name (give names "
                        + "such as vault.example.com, comma-separated, without scheme or path)");
            }
            hosts.add(HostName.of(host));
        }
        return hosts;
    }

    private AuditOutputs auditOutputs() {
        return new AuditOutputs(auditRotation(), collector("audit_syslog"),
                flagValue("audit_syslog_required"),
                collector("audit_socket"));
    }

    private boolean flagValue(String setting) {
        return switch (values.getOrDefault(setting, "false").strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(setting + " must be true or false, got '" + values.get(setting) + "'");
        };
    }

    /** {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}; empty when unset. */
    private Optional<URI> collector(String setting) {
        return optional(setting).map(value -> {
            try {
                var uri = new URI(value);
                if (("udp".equals(uri.getScheme()) || "tcp".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getPort() > 0 && (uri.getPath() == null || uri.getPath().isEmpty())) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // the message below says what is expected
            }
            throw new ConfigException(setting + " must be udp://HOST:PORT or tcp://HOST:PORT (e.g. "
                    + "udp://127.0.0.1:514), got '" + value + "'");
        });
    }

    /** {@code audit_max_bytes} (off unless set) and {@code audit_keep} (how many rotated files stay; default 10). */
    private AuditTrail.Rotation auditRotation() {
        var maxBytes = optional("audit_max_bytes").map(value -> byteSize("audit_max_bytes", value)).orElse(0L);
        long keep = number("audit_keep", DEFAULT_AUDIT_KEEP);
        if (keep < 1) {
            throw new ConfigException("audit_keep must be at least 1 (the rotated files kept beside the audit file), "
                    + "got " + keep);
        }
        if (maxBytes == 0) {
            if (values.containsKey("audit_keep")) {
                throw new ConfigException("audit_keep is set but audit_max_bytes is not: the server rotates the audit "
                        + "file itself only at a size (e.g. audit_max_bytes = \"100MB\"); with logrotate, set its "
                        + "rotate count instead");
            }
            return AuditTrail.Rotation.NONE;
        }
        return new AuditTrail.Rotation(maxBytes, (int) keep);
    }

    /** A size such as {@code 100MB}, {@code 1GB}, {@code 512KB} (powers of 1024) or a number of bytes. */
    static long byteSize(String setting, String value) {
        var matcher = BYTE_SIZE.matcher(value.strip().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new ConfigException(setting + " must be a size such as 100MB, 1GB or a number of bytes; got '"
                    + value + "'");
        }
        int shift = switch (matcher.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        long bytes = Long.parseLong(matcher.group(1)) << shift;
        if (bytes < MIN_AUDIT_MAX_BYTES) {
            throw new ConfigException(setting + " must be at least 1MB, got '" + value + "'");
        }
        return bytes;
    }

    private static ServerConfig.AuditOnMismatch auditOnMismatch(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "refuse" -> ServerConfig.AuditOnMismatch.REFUSE;
            case "warn" -> ServerConfig.AuditOnMismatch.WARN;
            default -> throw new ConfigException("audit_on_mismatch must be refuse or warn, got '" + value + "'");
        };
    }

    /**
     * {@code socket}: a path, {@code true} for {@code $ARCA_HOME/arca.sock} (what a bare {@code --socket} gives), or
     * {@code false} / unset for none.
     */
    private Optional<Path> socket(@Nullable String value) {
        if (value == null || value.isBlank() || "false".equalsIgnoreCase(value.trim())) {
            return Optional.empty();
        }
        return Optional.of("true".equalsIgnoreCase(value.trim()) ? arcaHome.resolve("arca.sock") : Path.of(value.trim()));
    }

    private long number(String setting, long fallback) {
        return values.containsKey(setting) ? parseInt(setting, values.get(setting)) : fallback;
    }

    private static int parseInt(String setting, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(setting + " must be a number, got '" + value + "'");
        }
    }
}
