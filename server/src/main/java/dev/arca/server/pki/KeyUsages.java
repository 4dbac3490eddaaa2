package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The key usage and extended key usage names a role lists ({@code digital_signature}, {@code server_auth}, …), and
 * the Bouncy Castle bits and purposes they stand for. OpenBao's CamelCase spellings ({@code DigitalSignature},
 * {@code ServerAuth}) are accepted too and stored in the snake-case form.
 */
final class KeyUsages {
    private static final Map<String, Integer> USAGES = Map.of(
            "digital_signature", KeyUsage.digitalSignature,
            "content_commitment", KeyUsage.nonRepudiation,
            "key_encipherment", KeyUsage.keyEncipherment,
            "data_encipherment", KeyUsage.dataEncipherment,
            "key_agreement", KeyUsage.keyAgreement,
            "cert_sign", KeyUsage.keyCertSign,
            "crl_sign", KeyUsage.cRLSign);
    private static final Map<String, KeyPurposeId> PURPOSES = Map.of(
            "server_auth", KeyPurposeId.id_kp_serverAuth,
            "client_auth", KeyPurposeId.id_kp_clientAuth,
            "code_signing", KeyPurposeId.id_kp_codeSigning,
            "email_protection", KeyPurposeId.id_kp_emailProtection,
            "time_stamping", KeyPurposeId.id_kp_timeStamping,
            "ocsp_signing", KeyPurposeId.id_kp_OCSPSigning);
    /** The usages RFC 8813 (ECDSA) and RFC 8410 (Ed25519) forbid for keys that cannot encrypt. */
    private static final List<String> ENCIPHERMENT = List.of("key_encipherment", "data_encipherment");

    private KeyUsages() {}

    /** The key usage names, canonical and without repeats; 400 naming {@code key_usage} for an unknown one. */
    static List<String> checkUsages(List<String> names) {
        return canonical(names, USAGES.keySet(), "key_usage");
    }

    /** The extended key usage names, canonical and without repeats; 400 naming {@code ext_key_usage}. */
    static List<String> checkPurposes(List<String> names) {
        return canonical(names, PURPOSES.keySet(), "ext_key_usage");
    }

    /**
     * The key usage bits of a certificate for a key of {@code type}: the role's, less what the key cannot do (an EC
     * or Ed25519 key does not encipher; Ed25519 does not agree keys either). 0 when none remain.
     */
    static int bits(List<String> names, KeySpec.Type type) {
        int bits = 0;
        for (String name : names) {
            boolean unfit = (type != KeySpec.Type.RSA && ENCIPHERMENT.contains(name))
                    || (type == KeySpec.Type.ED25519 && name.equals("key_agreement"));
            if (!unfit) {
                bits |= USAGES.getOrDefault(name, 0);
            }
        }
        return bits;
    }

    static List<KeyPurposeId> purposes(List<String> names) {
        return names.stream().map(name -> java.util.Objects.requireNonNull(PURPOSES.get(name), name)).toList();
    }

    private static List<String> canonical(List<String> names, java.util.Set<String> known, String field) {
        var result = new LinkedHashSet<String>();
        for (String name : names) {
            String wanted = squash(name);
            String match = known.stream().filter(candidate -> squash(candidate).equals(wanted)).findFirst()
                    .orElseThrow(() -> ArcaException.invalid(field, "unknown " + field + " '"
                            + DnsNames.printable(name) + "'; use " + String.join(", ", known.stream().sorted()
                            .toList())));
            result.add(match);
        }
        return List.copyOf(result);
    }

    /** {@code DigitalSignature}, {@code digital_signature} and {@code digital-signature} all become one key. */
    private static String squash(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
