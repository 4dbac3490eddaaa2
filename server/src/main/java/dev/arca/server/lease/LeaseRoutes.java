package dev.arca.server.lease;

import dev.arca.api.Lease;
import dev.arca.api.Page;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.secrets.SecretAddress;
import dev.arca.server.storage.Paging;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Leases ({@code docs/API-use.md} "Leases"). {@code POST …/secrets/{path}/retrieve} is declared here; the router
 * matches it before the plain secret routes ({@code frontend.http.RouteOrder}), so {@code …/app/db/retrieve} retrieves
 * {@code app/db}. The
 * {@code /v1/leases/…} routes need no permission of the pipeline ({@code SELF}): {@link LeaseService} lets the
 * holder through and asks the vault's policies about anyone else.
 */
public final class LeaseRoutes {
    private static final String VAULT_LEASES = "/v1/vaults/{vault}/leases";

    /** {@code GET /v1/vaults/{vault}/leases}: a holder's subject and a secret's id narrow the list. */
    record VaultQuery(Optional<String> holder, Optional<String> secret, Optional<Integer> limit,
            Optional<String> cursor) {}

    private LeaseRoutes() {}

    public static List<Route> routes(LeaseService leases) {
        return List.of(
                Route.post("/v1/vaults/{vault}/secrets/<path>/retrieve").operation("lease.retrieve")
                        .summary("Retrieve a secret's raw value on a lease (ttl default 15m, max_ttl default and at "
                                + "most 24h)")
                        .authenticated(Permission.LEASE, SecretAddress::resource).body(Lease.Retrieve.class)
                        .response(Lease.Retrieved.class)
                        .handle(call -> {
                            Lease.Retrieved retrieved = leases.retrieve(SecretAddress.vault(call),
                                    SecretAddress.path(call),
                                    call.optionalBody(Lease.Retrieve.class)
                                            .orElse(new Lease.Retrieve(null, null, null)),
                                    call.caller());
                            call.audit("lease", retrieved.leaseId());
                            return Reply.created(retrieved);
                        }),
                Route.get("/v1/leases").operation("lease.list-own").summary("The caller's own active leases")
                        .authenticated(Permission.SELF, call -> Resource.global("leases/self"))
                        .query(Paging.Query.class).response(Page.class)
                        .handle(call -> Reply.ok(leases.own(call.caller(), call.query(Paging.Query.class)))),
                Route.get("/v1/leases/{lease_id}").operation("lease.read")
                        .summary("Look up a lease (its holder, or read on _leases of its vault)")
                        .authenticated(Permission.SELF, call -> Resource.global("leases/self")).response(Lease.class)
                        .handle(call -> {
                            call.audit("lease", call.pathParam("lease_id"));
                            return Reply.ok(leases.get(call.pathParam("lease_id"), call.caller(), call.sourceIp()));
                        }),
                Route.post("/v1/leases/renew").operation("lease.renew")
                        .summary("Extend a lease, never past its max_expires_at (its holder, or update on _leases)")
                        .authenticated(Permission.SELF, call -> Resource.global("leases/self")).body(Lease.Renew.class)
                        .response(Lease.class)
                        .prepareThenHandle(call -> {
                            Lease.Renew request = call.optionalBody(Lease.Renew.class)
                                    .orElse(new Lease.Renew(null, null));
                            auditLease(call, request.leaseId());
                            var renewed = leases.renew(request, call.caller(), call.sourceIp());
                            return inTransaction -> Reply.ok(renewed.get());
                        }),
                Route.post("/v1/leases/release").operation("lease.release")
                        .summary("End a lease now (its holder, or update on _leases)")
                        .authenticated(Permission.SELF, call -> Resource.global("leases/self"))
                        .body(Lease.Release.class)
                        .prepareThenHandle(call -> {
                            Lease.Release request = call.optionalBody(Lease.Release.class)
                                    .orElse(new Lease.Release(null));
                            auditLease(call, request.leaseId());
                            Runnable release = leases.release(request, call.caller(), call.sourceIp());
                            return inTransaction -> {
                                release.run();
                                return Reply.noContent();
                            };
                        }),
                Route.get(VAULT_LEASES).operation("lease.list")
                        .summary("A vault's active leases (?holder=SUBJECT, ?secret=SECRET_ID, limit, cursor)")
                        .authenticated(Permission.LIST, LeaseRoutes::resource).query(VaultQuery.class)
                        .response(Page.class)
                        .handle(call -> {
                            VaultQuery query = call.query(VaultQuery.class);
                            return Reply.ok(leases.inVault(vault(call), query.holder(), query.secret(),
                                    new Paging.Query(query.limit(), query.cursor())));
                        }),
                Route.post(VAULT_LEASES + "/revoke").operation("lease.revoke")
                        .summary("Revoke every active lease of one holder in the vault")
                        .authenticated(Permission.DELETE, LeaseRoutes::resource).body(Lease.Revoke.class)
                        .response(Lease.Revoked.class)
                        .handle(call -> {
                            Lease.Revoke request = call.body(Lease.Revoke.class);
                            call.audit("holder", String.valueOf(request.holder()));
                            return Reply.ok(leases.revoke(vault(call), request));
                        }),
                Route.post(VAULT_LEASES + "/revoke-prefix").operation("lease.revoke-prefix")
                        .summary("Revoke every active lease whose path starts with a prefix (database/creds/ROLE)")
                        .authenticated(Permission.DELETE, LeaseRoutes::resource).body(Lease.RevokePrefix.class)
                        .response(Lease.Revoked.class)
                        .handle(call -> {
                            Lease.RevokePrefix request = call.body(Lease.RevokePrefix.class);
                            call.audit("prefix", String.valueOf(request.prefix()));
                            return Reply.ok(leases.revokePrefix(vault(call), request));
                        }),
                Route.get(VAULT_LEASES + "/irrevocable").operation("lease.list-irrevocable")
                        .summary("Dynamic credentials whose revocation was given up on after retries")
                        .authenticated(Permission.LIST, LeaseRoutes::resource).query(Paging.Query.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(leases.irrevocable(vault(call), call.query(Paging.Query.class)))),
                Route.post(VAULT_LEASES + "/{lease_id}/revoke-force").operation("lease.revoke-force")
                        .summary("End a dynamic credential's lease whether or not its user can be dropped (admin)")
                        .authenticated(Permission.ADMIN, LeaseRoutes::resource)
                        .prepareThenHandle(call -> {
                            String leaseId = call.pathParam("lease_id");
                            call.audit("lease", leaseId);
                            Runnable force = leases.revokeForce(vault(call), leaseId, call.caller());
                            return inTransaction -> {
                                force.run();
                                return Reply.noContent();
                            };
                        }));
    }

    private static void auditLease(Call call, @Nullable String leaseId) {
        if (leaseId != null) {
            call.audit("lease", leaseId);
        }
    }

    private static String vault(Call call) {
        return call.pathParam("vault");
    }

    private static Resource resource(Call call) {
        return Resource.inVault(vault(call), LeaseService.LEASES);
    }
}
