package dev.arca.server.user;

import dev.arca.api.Group;
import dev.arca.api.Page;
import dev.arca.api.User;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Principal;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.ArcaException;
import dev.arca.server.http.Call;
import dev.arca.server.http.ErrorCode;
import dev.arca.server.http.Guard;
import dev.arca.server.policy.Grants;
import dev.arca.server.ratelimit.LoginThrottle;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import dev.arca.server.vaults.VaultService;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code /v1/vaults/{vault}/users}, {@code /v1/vaults/{vault}/groups} and {@code POST /v1/auth/login}.
 *
 * <p>TOTP enrolment and its confirmation are for the user themself as well as for an admin of {@code _users}.
 * They are declared with {@link Permission#SELF} (which the pipeline grants to every principal) and decide in
 * the handler: a {@code USER} principal of that vault whose id is the username goes ahead; anyone else must pass
 * the pipeline's own authorization for {@code admin} on {@code _users}.
 */
public final class UserRoutes {
    private UserRoutes() {}

    /**
     * @param vaults resolves the vault a request names (404 when there is none) and holds its IP allowlist
     * @param guard the pipeline's checks: the seal check for login, authorization of admins for TOTP routes
     * @param grants forgets the policy bindings of a deleted user or group
     */
    public static List<Route> routes(UserService users, UserGroups groups, VaultService vaults, Guard guard,
            Grants grants, LoginThrottle throttle) {
        UnaryOperator<String> vaultIdOf = vaults::idOf;
        Function<Call, Resource> usersResource = call -> Resource.inVault(call.pathParam("vault"), "_users");
        Function<Call, Resource> groupsResource = call -> Resource.inVault(call.pathParam("vault"), "_groups");
        Function<Call, Resource> oneUser = call -> Resource.inVault(call.pathParam("vault"),
                "_users/" + call.pathParam("username"));
        return List.of(
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/users", "user.create", "Create a user",
                        Permission.ADMIN, usersResource, User.Create.class, User.class,
                        call -> Reply.created(users.create(vault(call, vaultIdOf), call.body(User.Create.class)))),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/users", "user.list", "List users",
                        Permission.LIST, usersResource, null, Page.class,
                        call -> Reply.ok(users.list(vault(call, vaultIdOf), call.query("limit"),
                                call.query("cursor")))),
                Route.guarded(Route.Method.DELETE, "/v1/vaults/{vault}/users/{username}", "user.delete",
                        "Delete a user: its groups memberships go and its tokens are revoked", Permission.ADMIN,
                        usersResource, null, null, call -> {
                            String vaultId = vault(call, vaultIdOf);
                            users.delete(vaultId, call.pathParam("username"));
                            grants.forgetSubject(vaultId, "user:" + call.pathParam("username"));
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/users/{username}/totp", "user.totp-enroll",
                        "Start TOTP enrolment: a new secret, shown once, pending until confirmed (the user or an "
                                + "admin)", Permission.SELF, oneUser, null, User.TotpEnrollment.class, call -> {
                            String vaultId = selfOrAdmin(call, vaultIdOf, guard);
                            return Reply.ok(users.enrollTotp(vaultId, call.pathParam("username")));
                        }),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/users/{username}/totp/confirm",
                        "user.totp-confirm", "Activate the pending TOTP secret with a current code (the user or an "
                                + "admin)", Permission.SELF, oneUser, User.TotpConfirm.class, User.class, call -> {
                            String vaultId = selfOrAdmin(call, vaultIdOf, guard);
                            return Reply.ok(users.confirmTotp(vaultId, call.pathParam("username"),
                                    call.body(User.TotpConfirm.class).code()));
                        }),
                Route.open(Route.Method.POST, "/v1/auth/login", "auth.login",
                        "Log in with username, password and (when enrolled) a TOTP code", User.Login.class,
                        User.LoginResult.class, call -> login(call, users, vaults, guard, throttle)),
                Route.guarded(Route.Method.POST, "/v1/vaults/{vault}/groups", "group.create", "Create a group",
                        Permission.ADMIN, groupsResource, Group.Create.class, Group.class,
                        call -> Reply.created(groups.create(vault(call, vaultIdOf),
                                call.body(Group.Create.class).name()))),
                Route.guarded(Route.Method.GET, "/v1/vaults/{vault}/groups", "group.list",
                        "List groups with their members", Permission.LIST, groupsResource, null, Page.class,
                        call -> Reply.ok(groups.list(vault(call, vaultIdOf), call.query("limit"),
                                call.query("cursor")))),
                Route.guarded(Route.Method.DELETE, "/v1/vaults/{vault}/groups/{name}", "group.delete",
                        "Delete a group and its memberships", Permission.ADMIN, groupsResource, null, null, call -> {
                            String vaultId = vault(call, vaultIdOf);
                            groups.delete(vaultId, call.pathParam("name"));
                            grants.forgetSubject(vaultId, "group:" + call.pathParam("name"));
                            return Reply.noContent();
                        }),
                Route.guarded(Route.Method.PUT, "/v1/vaults/{vault}/groups/{name}/members/{username}",
                        "group.add-member", "Add a user to a group", Permission.ADMIN, groupsResource, null,
                        Group.class, call -> Reply.ok(groups.addMember(vault(call, vaultIdOf),
                                call.pathParam("name"), call.pathParam("username")))),
                Route.guarded(Route.Method.DELETE, "/v1/vaults/{vault}/groups/{name}/members/{username}",
                        "group.remove-member", "Take a user out of a group", Permission.ADMIN, groupsResource, null,
                        Group.class, call -> Reply.ok(groups.removeMember(vault(call, vaultIdOf),
                                call.pathParam("name"), call.pathParam("username")))));
    }

    private static String vault(Call call, UnaryOperator<String> vaultIdOf) {
        return vaultIdOf.apply(call.pathParam("vault"));
    }

    /**
     * Lets the user themself through, and anyone else only with {@code admin} on {@code _users} as the pipeline
     * decides it (root included). A vault that does not exist is refused like any other before it is reported
     * missing, so only those allowed to ask learn whether it exists.
     */
    private static String selfOrAdmin(Call call, UnaryOperator<String> vaultIdOf, Guard guard) {
        Principal caller = call.caller();
        String vaultRef = call.pathParam("vault");
        String vaultId = vaultIdOrNull(vaultRef, vaultIdOf);
        boolean self = vaultId != null && caller.kind() == Principal.Kind.USER
                && caller.id().equals(call.pathParam("username")) && vaultId.equals(caller.vaultId());
        if (!self) {
            guard.authorize(caller, Resource.inVault(vaultRef, "_users"), Permission.ADMIN, call.sourceIp());
        }
        return vaultId != null ? vaultId : vaultIdOf.apply(vaultRef);
    }

    /**
     * A vault with an IP allowlist refuses logins from elsewhere before any password is checked, so passwords
     * cannot be guessed from outside it (the refusal says that the vault exists, as it does for tokens). Then the
     * {@link LoginThrottle} may refuse (429) before the password is checked, for known and unknown users alike.
     */
    private static Reply login(Call call, UserService users, VaultService vaults, Guard guard,
            LoginThrottle throttle) {
        guard.checkUnsealed();
        User.Login request = call.body(User.Login.class);
        if (request.vault() == null || request.vault().isEmpty()) {
            throw ArcaException.invalid("vault", "vault is required (its name or id)");
        }
        call.audit("vault", request.vault());
        if (request.username() != null) {
            call.auditSensitive("username", request.username());
        }
        String vaultId = vaultIdOrNull(request.vault(), vaults::idOf);
        if (vaultId != null && !vaults.allows(vaultId, call.sourceIp())) {
            throw ArcaException.denied("this vault does not accept requests from " + call.sourceIp()
                    + " (its IP allowlist)");
        }
        LoginThrottle.Attempt attempt = throttle.begin(vaultId != null ? vaultId : request.vault(),
                String.valueOf(request.username()), call.sourceIp());
        User.LoginResult result;
        try {
            result = users.login(vaultId, request);
        } catch (ArcaException e) {
            if (e.code() != ErrorCode.UNAUTHENTICATED) {
                attempt.notJudged();
            }
            throw e;
        } catch (RuntimeException e) {
            attempt.notJudged();
            throw e;
        }
        attempt.succeeded();
        call.audit("user", "user:" + request.username());
        return Reply.ok(result);
    }

    private static String vaultIdOrNull(String vaultRef, UnaryOperator<String> vaultIdOf) {
        try {
            return vaultIdOf.apply(vaultRef);
        } catch (ArcaException e) {
            return null;
        }
    }
}
