package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.jspecify.annotations.Nullable;

/** X.500 subjects from a common name and the optional {@link Pki.Subject} parts. */
public final class Subjects {
    private static final int MAX_COMMON_NAME = 64; // RFC 5280 ub-common-name

    private Subjects() {}

    /** {@code C, ST, L, O, OU, CN}; an empty name when there is no common name and no part (SAN-only leaf). */
    public static X500Name of(@Nullable String commonName, Pki.@Nullable Subject subject) {
        var builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (subject != null) {
            add(builder, BCStyle.C, subject.country());
            add(builder, BCStyle.ST, subject.province());
            add(builder, BCStyle.L, subject.locality());
            add(builder, BCStyle.O, subject.organization());
            add(builder, BCStyle.OU, subject.organizationalUnit());
        }
        if (commonName != null && !commonName.isBlank()) {
            if (commonName.length() > MAX_COMMON_NAME) {
                throw ArcaException.invalid("common_name", "a common name is at most " + MAX_COMMON_NAME
                        + " characters; put longer names in alt_names");
            }
            builder.addRDN(BCStyle.CN, commonName);
        }
        return builder.build();
    }

    /** {@code commonName} present and not blank, else 400. */
    public static String requireCommonName(@Nullable String commonName) {
        if (commonName == null || commonName.isBlank()) {
            throw ArcaException.invalid("common_name", "common_name is required");
        }
        return commonName.trim();
    }

    private static void add(X500NameBuilder builder, org.bouncycastle.asn1.ASN1ObjectIdentifier type,
            @Nullable String value) {
        if (value != null && !value.isBlank()) {
            builder.addRDN(type, value.trim());
        }
    }
}
