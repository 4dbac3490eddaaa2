package dev.arca.server.http;

import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Principal;
import java.util.Optional;

/**
 * The checks between a request's arrival and its handler (DESIGN §2 steps 4–7), each a yes or an
 * {@link ArcaException}: sealed, unauthenticated, denied.
 */
public interface Guard {
    /** Step 4: 503 {@code sealed} (or not initialized) for every route that is not public. */
    void checkUnsealed();

    /** Step 5: the principal behind the request's credentials, or 401. */
    Principal authenticate(Optional<String> bearerToken, String sourceIp);

    /** Step 7: allowed, or 403 naming what was asked. */
    void authorize(Principal principal, String resource, Permission permission, String sourceIp);
}
