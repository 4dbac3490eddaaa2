package dev.arca.server.secrets;

import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;

/**
 * Requests that name a secret by its {@code sk_…} id, authorized so that a refusal says nothing about the
 * secret: an id the caller may not act on — unknown, of another vault, or known but outside its policies — is
 * refused with one 403 and one message, naming neither the path nor the vault nor the policies that decided.
 * Only root learns that an id is unknown (the resource is then global, and the route answers 404).
 */
public final class SecretIds {
    private final SecretService secrets;
    private final Guard guard;

    public SecretIds(SecretService secrets, Guard guard) {
        this.secrets = secrets;
        this.guard = guard;
    }

    /** The resource a request about {@code id} touches, once the caller may {@code permission} it; else 403. */
    public Resource authorize(String id, Principal caller, Permission permission, String sourceIp) {
        Resource resource = secrets.resourceOf(id);
        if (guard.permits(caller, resource, permission, sourceIp)) {
            return resource;
        }
        throw ArcaException.denied("access denied: " + caller.subject() + " may not " + permission.wire()
                + " the secret with this id (unknown, or not one it may " + permission.wire() + ")");
    }
}
