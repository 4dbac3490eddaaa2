package dev.arca.server.machine;

import dev.arca.api.EnrollmentToken;
import dev.arca.api.Machine;
import dev.arca.api.Page;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Call;
import dev.arca.server.http.ErrorCode;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.vaults.VaultService;
import java.util.List;

/**
 * Enrollment tokens ({@code /v1/vaults/{vault}/enrollment-tokens}), enrollment ({@code POST /v1/enroll}) and
 * machine administration ({@code /v1/vaults/{vault}/machines}). Everything but enrollment asks for a permission on
 * the vault's reserved path {@code _machines}.
 */
public final class MachineRoutes {
    private static final String MACHINES = "_machines";
    private static final String TOKENS = "/v1/vaults/{vault}/enrollment-tokens";
    private static final String MACHINE = "/v1/vaults/{vault}/machines/{id}";

    private MachineRoutes() {}

    public static List<Route> routes(SealService seal, VaultService vaults, EnrollmentService enrollment,
            MachineService machines) {
        return List.of(
                Route.guarded(Route.Method.POST, TOKENS, "enrollment-token.create",
                        "Create an enrollment token (shown once) with the settings of the machines it enrolls",
                        Permission.ADMIN, MachineRoutes::resource, EnrollmentToken.Create.class,
                        EnrollmentToken.Created.class,
                        call -> {
                            var created = enrollment.create(vaultId(vaults, call),
                                    call.body(EnrollmentToken.Create.class));
                            call.audit("enrollment_token", created.id());
                            return Reply.created(created);
                        }),
                Route.guarded(Route.Method.GET, TOKENS, "enrollment-token.list",
                        "List enrollment tokens (?limit=&cursor=; never the tokens themselves)", Permission.ADMIN,
                        MachineRoutes::resource, null, Page.class,
                        call -> Reply.ok(enrollment.list(vaultId(vaults, call), call.query("limit"),
                                call.query("cursor")))),
                Route.guarded(Route.Method.DELETE, TOKENS + "/{id}", "enrollment-token.revoke",
                        "Revoke an enrollment token (machines enrolled with it stay)", Permission.ADMIN,
                        MachineRoutes::resource, null, null,
                        call -> {
                            call.audit("enrollment_token", call.pathParam("id"));
                            enrollment.revoke(vaultId(vaults, call), call.pathParam("id"));
                            return Reply.noContent();
                        }),
                Route.open(Route.Method.POST, "/v1/enroll", "machine.enroll",
                        "Enroll a machine's Ed25519 public key with an enrollment token (the token is the credential)",
                        Machine.Enroll.class, Machine.Enrolled.class,
                        call -> {
                            checkUnsealed(seal);
                            var enrolled = enrollment.enroll(call.body(Machine.Enroll.class), call.sourceIp());
                            call.audit("enrollment_token", enrolled.tokenId());
                            call.audit("machine", enrolled.answer().machineId());
                            return Reply.created(enrolled.answer());
                        }),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/machines", "machine.list",
                        "List machines (?status=pending|active|rejected|revoked|expired&limit=&cursor=)",
                        Permission.LIST, MachineRoutes::resource, null, Page.class,
                        call -> Reply.ok(machines.list(vaultId(vaults, call), call.query("status"),
                                call.query("limit"), call.query("cursor")))),
                decision(vaults, "approve", "Approve a pending machine", machines::approve),
                decision(vaults, "reject", "Reject a pending machine", machines::reject),
                decision(vaults, "revoke", "Revoke a machine and every token issued to it", machines::revoke));
    }

    private interface Decision {
        Machine apply(String vaultId, String machineId);
    }

    private static Route decision(VaultService vaults, String verb, String summary, Decision decision) {
        return Route.guarded(Route.Method.POST, MACHINE + "/" + verb, "machine." + verb, summary, Permission.ADMIN,
                MachineRoutes::resource, null, Machine.class,
                call -> {
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

    /** Enrollment is a public route, which the pipeline serves even while sealed; it must not be. */
    private static void checkUnsealed(SealService seal) {
        if (!seal.isInitialized()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is not initialized; run `arca operator init`");
        }
        if (seal.isSealed()) {
            throw new ArcaException(ErrorCode.SEALED, "Arca is sealed; unseal it with `arca operator unseal`");
        }
    }
}
