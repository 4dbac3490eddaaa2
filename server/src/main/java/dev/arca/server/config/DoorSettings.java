package dev.arca.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The compatible front doors (DESIGN §11 "Compatible doors", {@code docs/API-compat.md}): listeners of their own that
 * the SikkerKey and SanctumAI clients speak to, unmodified. Each is off unless its setting is given.
 *
 * @param sikkerkeyListen {@code host:port} of the SikkerKey REST door; plain HTTP only on a loopback address (the
 *     clients accept {@code http://localhost…}), HTTPS with the main listener's certificate otherwise
 * @param sikkerkeyPublicUrl the URL enrolment answers as {@code apiUrl} ({@code https://vault.example.com:8421});
 *     empty: the scheme and {@code Host} the enrolment request came in on
 * @param sanctumSocket the Unix socket of the SanctumAI door (mode 0600; the clients' default is
 *     {@code ~/.sanctum/vault.sock})
 * @param sanctumListen {@code host:port} of the SanctumAI door over TCP (loopback only: the protocol has no TLS)
 */
public record DoorSettings(Optional<HostPort> sikkerkeyListen, Optional<String> sikkerkeyPublicUrl,
        Optional<Path> sanctumSocket, Optional<HostPort> sanctumListen) {
    public static final DoorSettings NONE = new DoorSettings(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /** An address to bind. */
    public record HostPort(String host, int port) {
        public HostPort {
            if (port < 0 || port > 65535) {
                throw new ConfigException("a listen port must be 0..65535, got " + port);
            }
        }

        /** {@code HOST:PORT} ({@code [::1]:7600} for IPv6); {@code setting} names it in the error. */
        static HostPort parse(String setting, String value) {
            String text = value.strip();
            int colon = text.lastIndexOf(':');
            if (colon <= 0) {
                throw new ConfigException(setting + " must be HOST:PORT, e.g. 127.0.0.1:8421; got '" + value + "'");
            }
            String host = text.substring(0, colon).replace("[", "").replace("]", "");
            try {
                return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new ConfigException(setting + " must be HOST:PORT with a numeric port; got '" + value + "'");
            }
        }

        public boolean loopback() {
            return ServerConfig.isLoopback(host);
        }
    }

    public DoorSettings {
        sanctumListen.ifPresent(address -> {
            if (!address.loopback()) {
                throw new ConfigException("sanctum_listen must be a loopback address such as 127.0.0.1:7600: the "
                        + "SanctumAI protocol has no TLS, so it is not served to the network (use sanctum_socket or "
                        + "a loopback port)");
            }
        });
        sikkerkeyPublicUrl.ifPresent(url -> {
            if (!url.startsWith("https://") && !url.startsWith("http://localhost")) {
                throw new ConfigException("sikkerkey_public_url must start with https:// (or http://localhost for a "
                        + "local test): the SikkerKey clients refuse any other apiUrl; got '" + url + "'");
            }
        });
    }
}
