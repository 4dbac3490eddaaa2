package dev.arca.server.identity;

/** What a request wants to do to a path; policies grant these. */
public enum Permission {
    READ, LIST, CREATE, UPDATE, DELETE, ROTATE,
    /** Use a secret without seeing it (HTTP call with it injected, sign, verify, transit encrypt/decrypt). */
    USE,
    /** {@code use:header}: answer the ready-made credential header; it reveals the value, so grant it like read. */
    USE_HEADER,
    /**
     * Change where {@code use http_request} may send a secret ({@code PUT …/egress}). Pointing a secret at one's own
     * listener hands over its value, so a change needs {@code read} on the secret as well (or {@code admin}).
     */
    EGRESS,
    /** Retrieve the raw value on a lease. */
    LEASE,
    /**
     * {@code pki:approve}: approve or reject a CSR imported into the PKI engine; never one's own (separation of
     * duties).
     */
    PKI_APPROVE,
    ADMIN,
    /** Acting on the caller's own credential (look up or revoke one's own token): granted to every principal. */
    SELF;

    /** The name policies use: {@code read}, …, {@code use:header}. */
    public String wire() {
        // USE_HEADER is written use:header, the one permission whose name is qualified
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ':');
    }
}
