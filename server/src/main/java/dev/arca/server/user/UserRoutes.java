package dev.arca.server.user;

import dev.arca.api.ErrorCode;
import dev.arca.api.Group;
import dev.arca.api.Page;
import dev.arca.api.SecretText;
import dev.arca.api.User;
import dev.arca.server.access.LoginThrottle;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.policy.Grants;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Requirement;
import dev.arca.server.route.Route;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@code /v1/vaults/{vault}/users}, {@code /v1/vaults/{vault}/groups} and {@code POST /v1/auth/login}.
 *
 * <p>TOTP enrolment and its confirmation are for the user themself as well as for an admin of {@code _users}:
 * their routes declare {@code admin} on {@code _users} or the caller being the user named in the path. So are a
 * password change and a TOTP reset: the user proves the current password or code (throttled like a login), an
 * administrator resetting someone else's does not.
 */
public final class UserRoutes {
    private static final String USERS = "/v1/vaults/{vault}/users";
    private static final String GROUPS = "/v1/vaults/{vault}/groups";

    private UserRoutes() {}

    /**
     * @param vaults resolves the vault a request names (404 when there is none) and holds its IP allowlist
     * @param grants forgets the policy bindings of a deleted user or group
     */
    public static List<Route> routes(UserService users, UserGroups groups, VaultService vaults, Grants grants,
            LoginThrottle throttle) {
        UnaryOperator<String> vaultIdOf = vaults::idOf;
        Function<Call, Resource> usersResource = call -> Resource.inVault(call.pathParam("vault"), "_users");
        Function<Call, Resource> groupsResource = call -> Resource.inVault(call.pathParam("vault"), "_groups");
        Requirement selfOrAdmin = Requirement.permission(Permission.ADMIN, usersResource)
                .or(Requirement.caller("the user named in the path", call -> isSelf(call, vaultIdOf)));
        return List.of(
                Route.post(USERS).operation("user.create").summary("Create a user")
                        .authenticated(Permission.ADMIN, usersResource).body(User.Create.class).response(User.class)
                        .handle(call -> Reply.created(users.create(vault(call, vaultIdOf),
                                call.body(User.Create.class)))),
                Route.get(USERS).operation("user.list").summary("List users")
                        .authenticated(Permission.LIST, usersResource).query(Paging.Query.class).response(Page.class)
                        .handle(call -> Reply.ok(users.list(vault(call, vaultIdOf), call.query(Paging.Query.class)))),
                Route.delete(USERS + "/{username}").operation("user.delete")
                        .summary("Delete a user: its groups memberships go and its tokens are revoked")
                        .authenticated(Permission.ADMIN, usersResource).handle(call -> {
                            String vaultId = vault(call, vaultIdOf);
                            users.delete(vaultId, call.pathParam("username"));
                            grants.forgetSubject(vaultId, "user:" + call.pathParam("username"));
                            return Reply.noContent();
                        }),
                disableRoute("disable", "Disable a user: no login, its tokens refused until enabled", usersResource,
                        call -> users.setDisabled(vault(call, vaultIdOf), call.pathParam("username"), true,
                                call.caller())),
                disableRoute("enable", "Enable a disabled user again", usersResource,
                        call -> users.setDisabled(vault(call, vaultIdOf), call.pathParam("username"), false,
                                call.caller())),
                Route.post(USERS + "/{username}/password").operation("user.password")
                        .summary("Change a password: the user gives the current one; an admin resetting another "
                                + "user's does not, and that user's tokens are revoked")
                        .authenticated(selfOrAdmin).body(User.PasswordChange.class).response(User.class)
                        .handle(call -> selfThrottled(call, vaultIdOf, throttle, (vaultId, username) ->
                                users.changePassword(vaultId, username, call.body(User.PasswordChange.class),
                                        call.caller()))),
                Route.post(USERS + "/{username}/totp/reset").operation("user.totp-reset")
                        .summary("Turn TOTP off to enroll it again: the user gives a current code; an admin "
                                + "resetting another user's does not")
                        .authenticated(selfOrAdmin).body(User.TotpReset.class).response(User.class)
                        .handle(call -> selfThrottled(call, vaultIdOf, throttle, (vaultId, username) ->
                                users.resetTotp(vaultId, username,
                                        SecretText.revealOrNull(call.body(User.TotpReset.class).code()),
                                        call.caller()))),
                Route.post(USERS + "/{username}/totp").operation("user.totp-enroll")
                        .summary("Start TOTP enrolment: a new secret, shown once, pending until confirmed (the user "
                                + "or an admin)")
                        .authenticated(selfOrAdmin).response(User.TotpEnrollment.class)
                        .handle(call -> Reply.ok(users.enrollTotp(vault(call, vaultIdOf),
                                call.pathParam("username")))),
                Route.post(USERS + "/{username}/totp/confirm").operation("user.totp-confirm")
                        .summary("Activate the pending TOTP secret with a current code (the user or an admin)")
                        .authenticated(selfOrAdmin).body(User.TotpConfirm.class).response(User.class)
                        .handle(call -> Reply.ok(users.confirmTotp(vault(call, vaultIdOf), call.pathParam("username"),
                                SecretText.revealOrNull(call.body(User.TotpConfirm.class).code())))),
                Route.post("/v1/auth/login").operation("auth.login")
                        .summary("Log in with username, password and (when enrolled) a TOTP code").anonymous()
                        .body(User.Login.class).response(User.LoginResult.class)
                        .handle(call -> login(call, users, vaults, throttle)),
                Route.post(GROUPS).operation("group.create").summary("Create a group")
                        .authenticated(Permission.ADMIN, groupsResource).body(Group.Create.class).response(Group.class)
                        .handle(call -> Reply.created(groups.create(vault(call, vaultIdOf),
                                call.body(Group.Create.class).name()))),
                Route.get(GROUPS).operation("group.list").summary("List groups with their members")
                        .authenticated(Permission.LIST, groupsResource).query(Paging.Query.class).response(Page.class)
                        .handle(call -> Reply.ok(groups.list(vault(call, vaultIdOf), call.query(Paging.Query.class)))),
                Route.delete(GROUPS + "/{name}").operation("group.delete").summary("Delete a group and its memberships")
                        .authenticated(Permission.ADMIN, groupsResource).handle(call -> {
                            String vaultId = vault(call, vaultIdOf);
                            groups.delete(vaultId, call.pathParam("name"));
                            grants.forgetSubject(vaultId, "group:" + call.pathParam("name"));
                            return Reply.noContent();
                        }),
                Route.put(GROUPS + "/{name}/members/{username}").operation("group.add-member")
                        .summary("Add a user to a group")
                        .authenticated(Permission.ADMIN, groupsResource).response(Group.class)
                        .handle(call -> Reply.ok(groups.addMember(vault(call, vaultIdOf), call.pathParam("name"),
                                call.pathParam("username")))),
                Route.delete(GROUPS + "/{name}/members/{username}").operation("group.remove-member")
                        .summary("Take a user out of a group")
                        .authenticated(Permission.ADMIN, groupsResource).response(Group.class)
                        .handle(call -> Reply.ok(groups.removeMember(vault(call, vaultIdOf), call.pathParam("name"),
                                call.pathParam("username")))));
    }

    private static Route disableRoute(String verb, String summary, Function<Call, Resource> usersResource,
            Function<Call, User> change) {
        return Route.post(USERS + "/{username}/" + verb).operation("user." + verb).summary(summary)
                .authenticated(Permission.ADMIN, usersResource).response(User.class)
                .handle(call -> Reply.ok(change.apply(call)));
    }

    /**
     * A change the user named in the path makes by proving a password or code: counted by the {@link LoginThrottle}
     * like a login (a 403 is a failed guess), so a stolen session cannot guess them faster than a login could.
     * An administrator acting on another user proves nothing and is not throttled.
     */
    private static Reply selfThrottled(Call call, UnaryOperator<String> vaultIdOf, LoginThrottle throttle,
            BiFunction<String, String, User> change) {
        String vaultId = vault(call, vaultIdOf);
        String username = call.pathParam("username");
        if (!UserService.isSelf(call.caller(), vaultId, username)) {
            return Reply.ok(change.apply(vaultId, username));
        }
        LoginThrottle.Attempt attempt = throttle.begin(vaultId, username, call.sourceIp());
        try {
            User user = change.apply(vaultId, username);
            attempt.succeeded();
            return Reply.ok(user);
        } catch (ArcaException e) {
            if (e.code() != ErrorCode.ACCESS_DENIED) {
                attempt.notJudged();
            }
            throw e;
        } catch (RuntimeException e) {
            attempt.notJudged();
            throw e;
        }
    }

    private static String vault(Call call, UnaryOperator<String> vaultIdOf) {
        return vaultIdOf.apply(call.pathParam("vault"));
    }

    /**
     * The caller is the user named in the path: a {@code USER} principal of that vault with that username. A
     * vault that does not exist is refused like any other before it is reported missing (the handler does that),
     * so only those allowed to ask learn whether it exists.
     */
    private static boolean isSelf(Call call, UnaryOperator<String> vaultIdOf) {
        return UserService.isSelf(call.caller(), vaultIdOrNull(call.pathParam("vault"), vaultIdOf),
                call.pathParam("username"));
    }

    /**
     * A vault with an IP allowlist refuses logins from elsewhere before any password is checked, so passwords
     * cannot be guessed from outside it (the refusal says that the vault exists, as it does for tokens). Then the
     * {@link LoginThrottle} may refuse (429) before the password is checked, for known and unknown users alike.
     */
    private static Reply login(Call call, UserService users, VaultService vaults, LoginThrottle throttle) {
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

    private static @Nullable String vaultIdOrNull(String vaultRef, UnaryOperator<String> vaultIdOf) {
        try {
            return vaultIdOf.apply(vaultRef);
        } catch (ArcaException e) {
            return null;
        }
    }
}
