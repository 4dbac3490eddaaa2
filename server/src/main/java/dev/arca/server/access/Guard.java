package dev.arca.server.access;

import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Route;

/**
 * The checks between a request's arrival and its handler (DESIGN §2 steps 4–7), each a yes or an
 * {@link ArcaException}: sealed, unauthenticated, rate limited, denied.
 */
public interface Guard {
    /** Step 4: 503 {@code sealed} (or not initialized) for every route that is not {@link Route.Access#SEALED_OK}. */
    void checkUnsealed();

    /** Step 6 for every request, those without a credential included: 429 when the source address asks too fast. */
    void limitSource(String sourceIp);

    /** Step 5: the principal behind the request's credentials (and allowed from its address), or 401/403. */
    Principal authenticate(Credentials credentials);

    /** Step 6: 429 when the principal asks too fast. */
    void limitPrincipal(Principal principal);

    /** Step 7: allowed, or 403 naming what was asked. */
    void authorize(Principal principal, Resource resource, Permission permission, String sourceIp);

    /** The same question as {@link #authorize}, answered yes or no: for filtering what a list shows. */
    default boolean permits(Principal principal, Resource resource, Permission permission, String sourceIp) {
        try {
            authorize(principal, resource, permission, sourceIp);
            return true;
        } catch (ArcaException denied) {
            return false;
        }
    }
}
