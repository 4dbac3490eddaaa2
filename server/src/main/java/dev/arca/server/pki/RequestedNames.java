package dev.arca.server.pki;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The names an issue or sign request asks a certificate to carry, before the role's {@link NamePolicy} decides:
 * DNS names and email addresses ({@code alt_names}; an {@code @} makes an email), IP addresses, URIs and other
 * SANs ({@code oid;UTF8:value}). Each list remembers the request field it came from, for the errors.
 *
 * @param commonNameFromCsr whether the common name was read from a CSR (errors then name {@code csr})
 * @param sansFromCsr whether the SANs were read from a CSR (errors then name {@code csr})
 */
record RequestedNames(@Nullable String commonName, List<String> altNames, List<String> ipSans,
        List<String> uriSans, List<String> otherSans, boolean excludeCnFromSans, boolean commonNameFromCsr,
        boolean sansFromCsr) {

    RequestedNames {
        altNames = List.copyOf(altNames);
        ipSans = List.copyOf(ipSans);
        uriSans = List.copyOf(uriSans);
        otherSans = List.copyOf(otherSans);
    }

    static RequestedNames of(@Nullable String commonName, @Nullable List<String> altNames,
            @Nullable List<String> ipSans, @Nullable List<String> uriSans, @Nullable List<String> otherSans,
            @Nullable Boolean excludeCnFromSans) {
        return new RequestedNames(commonName, nonNull(altNames), nonNull(ipSans), nonNull(uriSans),
                nonNull(otherSans), Boolean.TRUE.equals(excludeCnFromSans), false, false);
    }

    private static List<String> nonNull(@Nullable List<String> list) {
        return list == null ? List.of() : list;
    }
}
