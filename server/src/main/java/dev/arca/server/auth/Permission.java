package dev.arca.server.auth;

/** What a request wants to do to a path; policies grant these. */
public enum Permission {
    READ, LIST, CREATE, UPDATE, DELETE, ROTATE, USE, LEASE, ADMIN,
    /** Acting on the caller's own credential (look up or revoke one's own token): granted to every principal. */
    SELF
}
