package dev.arca.server.net;

import java.net.InetAddress;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address range such as {@code 10.0.0.0/8} or {@code 2001:db8::/32} (a bare address is a /32 or
 * /128). Parsing takes literal addresses only, never a host name, so it never touches DNS. An IPv4-mapped IPv6
 * address ({@code ::ffff:10.0.0.1}) is matched as the IPv4 address it carries.
 */
public record Cidr(byte[] network, int prefixLength) {
    private static final java.util.regex.Pattern DOTTED_QUAD =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public Cidr {
        network = network.clone();
    }

    /** Parses {@code ADDRESS[/BITS]}; {@link IllegalArgumentException} with a message that says what is wrong. */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' is not a CIDR range such as 10.0.0.0/8 or 2001:db8::/32"));
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0.." + max);
            }
        }
        return new Cidr(mask(bytes, bits), bits);
    }

    /** True when {@code ip} (a literal address) lies in this range; false for anything unparsable. */
    public boolean contains(@Nullable String ip) {
        return literal(ip).map(bytes -> bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network))
                .orElse(false);
    }

    private static java.util.Optional<byte[]> literal(@Nullable String address) {
        if (address == null || address.isEmpty()) {
            return java.util.Optional.empty();
        }
        // only dotted-quad IPv4: the JDK would also read shorthand such as "10.1" or "2130706433"
        if (!address.contains(":") && !DOTTED_QUAD.matcher(address).matches()) {
            return java.util.Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.ofLiteral(address.startsWith("[") ? address.substring(1, address.length() - 1)
                    : address).getAddress();
            return java.util.Optional.of(bytes);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
        }
        return masked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte array is always an address", e);
        }
    }
}
