package dev.arca.server.secrets;

import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Requirement;
import java.util.function.Function;

/**
 * Requests that name a secret by its {@code sk_…} id, authorized so that a refusal says nothing about the
 * secret: an id the caller may not act on — unknown, of another vault, or known but outside its policies — is
 * refused with one 403 and one message, naming neither the path nor the vault nor the policies that decided.
 * Only root learns that an id is unknown (the resource is then global, and the route answers 404).
 *
 * <p>The decision is taken on the secret's path whatever state the secret is in, so a caller who may read a
 * secret gets what the path route would answer — 404 for a read of a deleted one, not 403 — while an id stays 403
 * to everyone who could not read it anyway, unknown or not: there is no existence oracle.
 */
public final class SecretIds {
    private final SecretService secrets;
    private final Guard guard;

    public SecretIds(SecretService secrets, Guard guard) {
        this.secrets = secrets;
        this.guard = guard;
    }

    /**
     * What a route naming a secret by id requires: {@code permission} on the secret's path, asked once by the
     * pipeline, and refused with the one message whatever the reason.
     *
     * @param idOf the id the call names
     */
    public static Requirement requirement(SecretService secrets, Permission permission, Function<Call, String> idOf) {
        return Requirement.permission(permission, call -> secrets.resourceOf(idOf.apply(call)))
                .deniedWith(call -> refusal(call.caller(), permission));
    }

    /**
     * For an id among the items of one request (a batch, a reference): the resource the request about {@code id}
     * touches, once the caller may {@code permission} it; else the same 403 as {@link #requirement}.
     */
    public Resource authorize(String id, Principal caller, Permission permission, String sourceIp) {
        Resource resource = secrets.resourceOf(id);
        if (guard.permits(caller, resource, permission, sourceIp)) {
            return resource;
        }
        throw ArcaException.denied(refusal(caller, permission));
    }

    private static String refusal(Principal caller, Permission permission) {
        return "access denied: " + caller.subject() + " may not " + permission.wire() + " the secret with this id "
                + "(unknown, or not one it may " + permission.wire() + ")";
    }
}
