package dev.arca.server.machine;

import dev.arca.api.EnrollmentToken;
import dev.arca.api.Machine;
import dev.arca.api.Page;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.util.List;
import java.util.Optional;

/**
 * Enrollment tokens ({@code /v1/vaults/{vault}/enrollment-tokens}), enrollment ({@code POST /v1/enroll}) and
 * machine administration ({@code /v1/vaults/{vault}/machines}). Everything but enrollment asks for a permission on
 * the vault's reserved path {@code _machines}.
 */
public final class MachineRoutes {
    private static final String MACHINES = "_machines";
    private static final String TOKENS = "/v1/vaults/{vault}/enrollment-tokens";
    private static final String MACHINE = "/v1/vaults/{vault}/machines/{id}";

    /** {@code GET /v1/vaults/{vault}/machines}: {@code status} narrows the list to machines in that state. */
    record ListQuery(Optional<MachineStatus> status, Optional<Integer> limit, Optional<String> cursor) {}

    private MachineRoutes() {}

    public static List<Route> routes(VaultService vaults, EnrollmentService enrollment, MachineService machines) {
        return List.of(
                Route.post(TOKENS).operation("enrollment-token.create")
                        .summary("Create an enrollment token (shown once) with the settings of the machines it enrolls")
                        .authenticated(Permission.ADMIN, MachineRoutes::resource).body(EnrollmentToken.Create.class)
                        .response(EnrollmentToken.Created.class)
                        .handle(call -> {
                            var created = enrollment.create(vaultId(vaults, call),
                                    call.body(EnrollmentToken.Create.class));
                            call.audit("enrollment_token", created.id());
                            return Reply.created(created);
                        }),
                Route.get(TOKENS).operation("enrollment-token.list")
                        .summary("List enrollment tokens (?limit=&cursor=; never the tokens themselves)")
                        .authenticated(Permission.ADMIN, MachineRoutes::resource).query(Paging.Query.class)
                        .response(Page.class)
                        .handle(call -> Reply.ok(enrollment.list(vaultId(vaults, call), call.query(Paging.Query.class)))),
                Route.delete(TOKENS + "/{id}").operation("enrollment-token.revoke")
                        .summary("Revoke an enrollment token (machines enrolled with it stay)")
                        .authenticated(Permission.ADMIN, MachineRoutes::resource)
                        .handle(call -> {
                            call.audit("enrollment_token", call.pathParam("id"));
                            enrollment.revoke(vaultId(vaults, call), call.pathParam("id"));
                            return Reply.noContent();
                        }),
                Route.post("/v1/enroll").operation("machine.enroll")
                        .summary("Enroll a machine's Ed25519 public key with an enrollment token (the token is the "
                                + "credential)")
                        .anonymous().body(Machine.Enroll.class).response(Machine.Enrolled.class)
                        .handle(call -> {
                            var enrolled = enrollment.enroll(call.body(Machine.Enroll.class), call.sourceIp());
                            call.audit("enrollment_token", enrolled.tokenId());
                            call.audit("machine", enrolled.answer().machineId());
                            return Reply.created(enrolled.answer());
                        }),
                Route.get("/v1/vaults/{vault}/machines").operation("machine.list")
                        .summary("List machines (?status=pending|active|rejected|revoked|expired&limit=&cursor=)")
                        .authenticated(Permission.LIST, MachineRoutes::resource).query(ListQuery.class)
                        .response(Page.class)
                        .handle(call -> {
                            ListQuery query = call.query(ListQuery.class);
                            return Reply.ok(machines.list(vaultId(vaults, call), query.status(),
                                    new Paging.Query(query.limit(), query.cursor())));
                        }),
                decision(vaults, "approve", "Approve a pending machine", machines::approve),
                decision(vaults, "reject", "Reject a pending machine", machines::reject),
                decision(vaults, "revoke", "Revoke a machine and every token issued to it", machines::revoke));
    }

    private interface Decision {
        Machine apply(String vaultId, String machineId);
    }

    private static Route decision(VaultService vaults, String verb, String summary, Decision decision) {
        return Route.post(MACHINE + "/" + verb).operation("machine." + verb).summary(summary)
                .authenticated(Permission.ADMIN, MachineRoutes::resource).response(Machine.class)
                .handle(call -> {
                    call.audit("machine", call.pathParam("id"));
                    return Reply.ok(decision.apply(vaultId(vaults, call), call.pathParam("id")));
                });
    }

    private static Resource resource(Call call) {
        return Resource.inVault(call.pathParam("vault"), MACHINES);
    }

    private static String vaultId(VaultService vaults, Call call) {
        return vaults.idOf(call.pathParam("vault"));
    }
}
