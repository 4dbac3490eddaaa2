package dev.arca.server.policy;

import dev.arca.server.identity.Principal;

/**
 * Decides every {@link AccessRequest} of a principal that is not root: deny by default, an explicit deny wins,
 * conditions (IP ranges, MFA, time window) must all hold for a rule to apply.
 */
public interface Authorizer {
    Decision decide(Principal principal, AccessRequest request);
}
