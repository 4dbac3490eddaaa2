package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.frontend.acme.challenge.AcmeIdentifier;
import dev.arca.server.pki.DnsNames;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The identifiers of a new order (RFC 8555 §7.4, RFC 8738), checked and made canonical: {@code dns} names in lower
 * case without a trailing dot (a wildcard only as a whole leftmost {@code *} label), {@code ip} addresses as the JDK
 * writes them. Other types are {@code unsupportedIdentifier}; a {@code dns} value that is an email address, a URI or
 * no host name is {@code rejectedIdentifier}.
 */
final class OrderIdentifiers {
    static final int MAX = 100;

    private OrderIdentifiers() {}

    static List<AcmeIdentifier> of(JsonNode identifiers) {
        if (identifiers == null || !identifiers.isArray() || identifiers.isEmpty() || identifiers.size() > MAX) {
            throw AcmeProblem.malformed("identifiers must be a list of 1 to " + MAX + " {type, value} objects");
        }
        var checked = new LinkedHashSet<AcmeIdentifier>();
        for (JsonNode identifier : identifiers) {
            String type = identifier.path("type").asText("");
            String value = identifier.path("value").asText("");
            checked.add(switch (type) {
                case AcmeIdentifier.DNS -> dns(value);
                case AcmeIdentifier.IP -> ip(value);
                default -> throw AcmeProblem.unsupportedIdentifier("identifier type '" + DnsNames.printable(type)
                        + "' is not issued here; only dns and ip");
            });
        }
        return List.copyOf(checked);
    }

    static boolean wildcard(AcmeIdentifier identifier) {
        return identifier.value().startsWith("*.");
    }

    /** The name an authorization validates: a wildcard's base domain. */
    static AcmeIdentifier authorized(AcmeIdentifier identifier) {
        return wildcard(identifier) ? new AcmeIdentifier(AcmeIdentifier.DNS, identifier.value().substring(2))
                : identifier;
    }

    static List<String> dnsNames(List<AcmeIdentifier> identifiers) {
        return values(identifiers, AcmeIdentifier.DNS);
    }

    static List<String> ips(List<AcmeIdentifier> identifiers) {
        return values(identifiers, AcmeIdentifier.IP);
    }

    private static List<String> values(List<AcmeIdentifier> identifiers, String type) {
        var values = new ArrayList<String>();
        identifiers.stream().filter(identifier -> identifier.type().equals(type))
                .forEach(identifier -> values.add(identifier.value()));
        return values;
    }

    private static AcmeIdentifier dns(String value) {
        String quoted = "'" + DnsNames.printable(value) + "'";
        if (value.contains("@") || value.contains(":") || value.contains("/")) {
            throw AcmeProblem.rejectedIdentifier(quoted + " is not a DNS name (an email address or URI is no dns "
                    + "identifier, and none is issued here)");
        }
        String name = DnsNames.normalize(value);
        String host = name.startsWith("*.") ? name.substring(2) : name;
        if (!DnsNames.isHostname(host) || (name.startsWith("*.") && !host.contains("."))) {
            throw AcmeProblem.rejectedIdentifier(quoted + " is not a DNS name (letters, digits and '-' in "
                    + "dot-separated labels; a wildcard only as *.domain)");
        }
        return new AcmeIdentifier(AcmeIdentifier.DNS, name);
    }

    private static AcmeIdentifier ip(String value) {
        if (!org.bouncycastle.util.IPAddress.isValid(value)) {
            throw AcmeProblem.malformed("'" + DnsNames.printable(value) + "' is not an IP address");
        }
        return new AcmeIdentifier(AcmeIdentifier.IP, InetAddress.ofLiteral(value).getHostAddress());
    }
}
