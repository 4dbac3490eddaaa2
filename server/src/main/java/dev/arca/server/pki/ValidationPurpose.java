package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.jspecify.annotations.Nullable;

/**
 * What {@code POST …/pki/validate} asks a certificate to be good for, as a TLS or code-signing client checks it:
 * the extended key usage, when the certificate has one, must list the purpose (or anyExtendedKeyUsage), and the key
 * usage, when it has one, must allow what the purpose does with the key.
 */
enum ValidationPurpose {
    ANY(null, "any purpose", 0),
    SERVER_AUTH(KeyPurposeId.id_kp_serverAuth.getId(), "TLS server authentication",
            Bits.DIGITAL_SIGNATURE | Bits.KEY_ENCIPHERMENT | Bits.KEY_AGREEMENT),
    CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth.getId(), "TLS client authentication",
            Bits.DIGITAL_SIGNATURE | Bits.KEY_AGREEMENT),
    CODE_SIGNING(KeyPurposeId.id_kp_codeSigning.getId(), "code signing", Bits.DIGITAL_SIGNATURE);

    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    /** The OID of the extended key usage it needs; null for any purpose. */
    private final @Nullable String extendedKeyUsage;
    private final String description;
    /** {@link Bits} of key usages, any one of which allows it; 0 when none is needed. */
    private final int keyUsages;

    ValidationPurpose(@Nullable String extendedKeyUsage, String description, int keyUsages) {
        this.extendedKeyUsage = extendedKeyUsage;
        this.description = description;
        this.keyUsages = keyUsages;
    }

    static ValidationPurpose parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        for (ValidationPurpose purpose : values()) {
            if (purpose.wire().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return purpose;
            }
        }
        throw ArcaException.invalid("purpose", "purpose is server_auth, client_auth, code_signing or any");
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Adds a {@code key_usage} problem when the certificate's usages do not allow this purpose. */
    void check(X509Certificate certificate, List<Pki.Problem> problems) {
        if (extendedKeyUsage == null) {
            return;
        }
        List<String> extended;
        try {
            extended = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            problems.add(new Pki.Problem("malformed", "its extended key usage cannot be read: re-issue it"));
            return;
        }
        String wanted = extendedKeyUsage;
        if (extended != null && !extended.contains(wanted) && !extended.contains(ANY_EXTENDED_KEY_USAGE)) {
            problems.add(new Pki.Problem("key_usage", "its extended key usage does not allow " + description + " ("
                    + wire() + "): re-issue it with ext_key_usage " + wire()));
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && keyUsages != 0) {
            boolean allowed = false;
            for (int index = 0; index < usage.length; index++) {
                allowed |= usage[index] && (keyUsages & (1 << index)) != 0;
            }
            if (!allowed) {
                problems.add(new Pki.Problem("key_usage", "its key usage does not allow " + description
                        + " (it needs digital_signature" + (keyUsages != Bits.DIGITAL_SIGNATURE
                        ? " or key agreement/encipherment" : "") + "): re-issue it"));
            }
        }
    }

    /** Key usages as {@code 1 << i} of the index {@link X509Certificate#getKeyUsage()} gives each. */
    private static final class Bits {
        static final int DIGITAL_SIGNATURE = 1;
        static final int KEY_ENCIPHERMENT = 1 << 2;
        static final int KEY_AGREEMENT = 1 << 4;
    }
}
