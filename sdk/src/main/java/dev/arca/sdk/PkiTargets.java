package dev.arca.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The request targets of the PKI engine ({@code docs/API-pki.md}), under {@code /v1/vaults/{vault}/pki/}: one place
 * for the route table that {@link PkiOperations} and {@link AsyncPkiOperations} both send to.
 */
final class PkiTargets {
    /** The {@code Accept} of a DER certificate. */
    static final String DER_CERTIFICATE = "application/pkix-cert";
    /** The {@code Accept} of a DER CRL. */
    static final String DER_CRL = "application/pkix-crl";
    /** The {@code Accept} of PEM text. */
    static final String PEM = "application/x-pem-file";

    private final @Nullable String vault;

    PkiTargets(@Nullable String vault) {
        this.vault = vault;
    }

    /** {@code /v1/vaults/{vault}/pki/{fixed…}}. */
    RequestTarget at(String... fixed) {
        var target = RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("pki");
        for (String segment : fixed) {
            target.segment(segment);
        }
        return target;
    }

    /** {@code …/pki/issuers/{issuer}[/{then…}]}. */
    RequestTarget issuer(String issuer, String... then) {
        return append(at("issuers").segment(named("issuer", issuer)), then);
    }

    /** {@code …/pki/roles/{role}}. */
    RequestTarget role(String role) {
        return at("roles").segment(named("role", role));
    }

    /** {@code …/pki/issue/{role}} or {@code …/pki/sign/{role}}. */
    RequestTarget againstRole(String action, String role) {
        return at(action).segment(named("role", role));
    }

    /** {@code …/pki/certs?revoked=&limit=&cursor=}. */
    RequestTarget certificates(boolean revokedOnly, @Nullable Integer limit, @Nullable String cursor) {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return at("certs").query("revoked", revokedOnly ? Boolean.TRUE : null).query("limit", limit)
                .query("cursor", cursor);
    }

    /** {@code …/pki/certs/{serial}}. */
    RequestTarget certificate(String serial) {
        return at("certs").segment(named("serial", serial));
    }

    /** {@code …/pki/csrs/{id}[/{then…}]}. */
    RequestTarget csr(String id, String... then) {
        return append(at("csrs").segment(named("id", id)), then);
    }

    /** {@code …/pki/eab/{id}}. */
    RequestTarget eabKey(String id) {
        return at("eab").segment(named("id", id));
    }

    /** {@code …/pki/ca[/pem]} or {@code …/pki/issuers/{issuer}/ca[/pem]}: the (default) issuer's certificate. */
    RequestTarget ca(@Nullable String issuer, boolean pem) {
        RequestTarget target = issuer == null ? at("ca") : issuer(issuer, "ca");
        return pem ? target.segment("pem") : target;
    }

    /** {@code …/pki/ca_chain} or {@code …/pki/issuers/{issuer}/ca_chain}. */
    RequestTarget caChain(@Nullable String issuer) {
        return issuer == null ? at("ca_chain") : issuer(issuer, "ca_chain");
    }

    /** {@code …/pki[/issuers/{issuer}]/crl[/delta][/pem]}. */
    RequestTarget crl(@Nullable String issuer, boolean delta, boolean pem) {
        RequestTarget target = issuer == null ? at("crl") : issuer(issuer, "crl");
        if (delta) {
            target.segment("delta");
        }
        return pem ? target.segment("pem") : target;
    }

    private static RequestTarget append(RequestTarget target, String... then) {
        for (String segment : then) {
            target.segment(segment);
        }
        return target;
    }

    /** A path parameter the caller gave: refused when absent or empty, which would call another route. */
    private static String named(String what, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must be given (a name or an id)");
        }
        return value;
    }
}
