package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLReason;
import org.jspecify.annotations.Nullable;

/**
 * RFC 5280 §5.3.1 CRLReason codes and the names callers give them. {@code remove_from_crl} (8) is not a reason a
 * revocation can have: it only appears in a delta CRL to undo a hold, and Arca never un-revokes, so it is refused
 * with the unknown names. {@code certificate_hold} is accepted and, for the same reason, never released.
 */
public final class RevocationReasons {
    public static final String DEFAULT = "unspecified";

    private static final Map<String, Integer> CODES = Map.of(
            "unspecified", CRLReason.unspecified,
            "key_compromise", CRLReason.keyCompromise,
            "ca_compromise", CRLReason.cACompromise,
            "affiliation_changed", CRLReason.affiliationChanged,
            "superseded", CRLReason.superseded,
            "cessation_of_operation", CRLReason.cessationOfOperation,
            "certificate_hold", CRLReason.certificateHold,
            "privilege_withdrawn", CRLReason.privilegeWithdrawn,
            "aa_compromise", CRLReason.aACompromise);

    private RevocationReasons() {}

    /** The code of a reason a caller names (default {@code unspecified}); 400 naming {@code reason} otherwise. */
    public static int code(@Nullable String name) {
        String key = name == null || name.isBlank() ? DEFAULT : name.trim().toLowerCase(Locale.ROOT);
        Integer code = CODES.get(key);
        if (code == null) {
            throw ArcaException.invalid("reason", "reason must be one of " + String.join(", ", names()));
        }
        return code;
    }

    /** The name of a stored code; {@code unspecified} for one no caller could have given. */
    public static String name(int code) {
        return CODES.entrySet().stream().filter(e -> e.getValue() == code).map(Map.Entry::getKey).findFirst()
                .orElse(DEFAULT);
    }

    private static java.util.List<String> names() {
        return CODES.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }
}
