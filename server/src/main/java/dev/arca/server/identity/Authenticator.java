package dev.arca.server.identity;

import java.util.Optional;

/**
 * One way of proving identity (a token, a machine signature, a client JWT). The guard asks each in turn.
 * Empty means "these credentials are not of my kind"; a thrown 401 means "they are, and they are not valid".
 */
@FunctionalInterface
public interface Authenticator {
    Optional<Principal> authenticate(Credentials credentials);
}
