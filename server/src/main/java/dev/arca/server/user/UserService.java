package dev.arca.server.user;

import dev.arca.api.ErrorCode;
import dev.arca.api.Page;
import dev.arca.api.SecretText;
import dev.arca.api.Token;
import dev.arca.api.User;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.DisabledIdentities;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.seal.SealedColumn;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Users of a vault: creation, deletion, disabling, passwords, TOTP enrolment and login.
 *
 * <p>Guarantees: passwords are kept only as Argon2id hashes and TOTP secrets only encrypted with the vault's data
 * key (associated data naming vault and user). A login for an unknown, deleted or misspelt user costs the same
 * Argon2id work as a wrong password and gets the same answer, so neither the status, the message nor the timing
 * tells whether the user exists. A TOTP code is accepted at most once: the step it belongs to must come after the
 * last accepted one, checked and recorded by one conditional update. Deleting a user revokes its tokens; disabling
 * one refuses its logins and its tokens (see {@link DisabledIdentities}) until it is enabled. A user changing their
 * own password or resetting their own TOTP proves the current one (a stolen session alone cannot take the account
 * over); an administrator resetting someone's password revokes that user's tokens.
 */
public final class UserService {
    /** The users' TOTP secrets, for the keyring rewrap. */
    public static final SealedColumn SEALED_TOTP = new SealedColumn("user-totp", "users", "totp_secret", "vault_id",
            List.of("vault_id", "username"), List.of(), (vaultId, row) -> totpAssociatedData(vaultId, row.text(1)));
    static final Duration LOGIN_TTL = Duration.ofHours(8);
    static final Duration LOGIN_MAX_TTL = Duration.ofHours(24);
    static final String WRONG_LOGIN = "wrong username or password";
    private static final String MFA_NEEDED = "this user needs a valid TOTP code (arca login --totp CODE; the totp "
            + "field of the login): it was missing, wrong or already used";
    private static final String WRONG_OLD_PASSWORD = "the current password (old_password) is wrong; nothing was changed";
    private static final String TOTP_ACTIVE = "TOTP is already active for '%s'; to enroll a new secret, reset it "
            + "first: arca user totp reset %s";
    private static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD = 1024;

    private final UserStore store;
    private final SealService seal;
    private final TokenService tokens;
    private final UserGroups groups;
    private final DisabledIdentities disabled;
    private final Clock clock;
    private final PasswordHasher hasher = new PasswordHasher();

    public UserService(Database db, SealService seal, TokenService tokens, UserGroups groups, Clock clock) {
        this.store = new UserStore(db);
        this.seal = seal;
        this.tokens = tokens;
        this.groups = groups;
        this.disabled = new DisabledIdentities(db, clock, tokens.invalidations());
        this.clock = clock;
    }

    /** A new user, or a deleted one brought back with a new password; 409 when a live user has the name. */
    public User create(String vaultId, User.Create request) {
        String username = LowerCaseName.check("username", request.username());
        String hash = hasher.hash(checkPassword(SecretText.revealOrNull(request.password())));
        Instant now = clock.instant();
        if (!store.insert(vaultId, username, hash, now) && !store.revive(vaultId, username, hash, now)) {
            throw ArcaException.conflict("user '" + username + "' already exists in this vault");
        }
        return view(store.find(vaultId, username).orElseThrow());
    }

    public Page<User> list(String vaultId, Paging.Query query) {
        var paging = Paging.of(query, LowerCaseName::matches);
        List<User> users = store.list(vaultId, paging.after(), paging.size() + 1).stream().map(UserService::view)
                .toList();
        return paging.page(users, User::username);
    }

    /** Deletes a live user: its credentials are wiped, its group memberships removed and its tokens revoked. */
    public void delete(String vaultId, String username) {
        if (!store.markDeleted(vaultId, username, clock.instant())) {
            throw missingUser(username);
        }
        disabled.enable(vaultId, Principal.Kind.USER, username);
        groups.forget(vaultId, username);
        tokens.revokeOwnedBy(vaultId, Principal.Kind.USER, username);
    }

    /**
     * Disables a live user (its logins and tokens are refused at once) or enables it again; a user cannot disable
     * themself (409), so an administrator does not lock themself out by a slip.
     */
    public User setDisabled(String vaultId, String username, boolean disable, Principal by) {
        live(vaultId, username);
        if (disable) {
            if (isSelf(by, vaultId, username)) {
                throw ArcaException.conflict("you cannot disable yourself; another administrator (or root) can");
            }
            disabled.disable(vaultId, Principal.Kind.USER, username);
        } else {
            disabled.enable(vaultId, Principal.Kind.USER, username);
        }
        return view(live(vaultId, username));
    }

    /**
     * Sets a new password. The user themself must give the current one (400 without it, 403 when it is wrong, and
     * nothing changes); an administrator resetting another user's gives none, and that user's tokens are revoked.
     */
    public User changePassword(String vaultId, String username, User.PasswordChange request, Principal by) {
        UserStore.Row row = live(vaultId, username);
        String password = checkPassword(SecretText.revealOrNull(request.password()));
        boolean self = isSelf(by, vaultId, username);
        if (self) {
            String old = require("old_password", SecretText.revealOrNull(request.oldPassword()),
                    "old_password is required to change your own password (arca user passwd asks for it)");
            if (!hasher.verify(old, row.passwordHash())) {
                throw ArcaException.denied(WRONG_OLD_PASSWORD);
            }
        }
        if (!store.setPassword(vaultId, username, hasher.hash(password))) {
            throw missingUser(username);
        }
        if (!self) {
            tokens.revokeOwnedBy(vaultId, Principal.Kind.USER, username);
        }
        return view(live(vaultId, username));
    }

    /**
     * Turns a user's TOTP off, active or pending, so it can be enrolled again ({@link #enrollTotp}). The user themself
     * gives a current code of the active secret (400 without it, 403 when it is wrong or used); an administrator
     * resetting another user's (the lost phone) gives none.
     */
    public User resetTotp(String vaultId, String username, @Nullable String code, Principal by) {
        UserStore.Row row = live(vaultId, username);
        if (row.totpActive() && isSelf(by, vaultId, username)) {
            require("code", code, "code is required to reset your own TOTP: a current code from your authenticator");
            OptionalLong step = acceptedStep(row, code);
            if (step.isEmpty() || !store.acceptStep(vaultId, username, step.getAsLong(), false)) {
                throw ArcaException.denied("the code does not match your TOTP secret at this time (or was used "
                        + "already); nothing was changed");
            }
        }
        store.clearTotp(vaultId, username);
        return view(live(vaultId, username));
    }

    /**
     * Makes a new TOTP secret, stored encrypted and pending until {@link #confirmTotp}; the answer is the only time
     * the secret is shown. A pending enrolment is replaced; an active one is kept (409).
     */
    public User.TotpEnrollment enrollTotp(String vaultId, String username) {
        UserStore.Row row = live(vaultId, username);
        if (row.totpActive()) {
            throw ArcaException.conflict(TOTP_ACTIVE.formatted(username, username));
        }
        byte[] secret = Ids.randomBytes(Totp.SECRET_BYTES);
        try {
            byte[] ciphertext = seal.keyring().encrypt(vaultId, secret, totpAssociatedData(vaultId, username));
            if (!store.setPendingTotp(vaultId, username, ciphertext)) {
                throw ArcaException.conflict(TOTP_ACTIVE.formatted(username, username));
            }
            return new User.TotpEnrollment(SecretText.of(Totp.base32(secret)), SecretText.of(Totp.otpauthUri(username, secret)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Activates a pending TOTP secret with a current code from it; 400 naming {@code code} when it is not. */
    public User confirmTotp(String vaultId, String username, @Nullable String code) {
        UserStore.Row row = live(vaultId, username);
        if (row.totpSecret() == null || !row.totpPending()) {
            throw ArcaException.conflict("no TOTP enrolment is pending for '" + username + "'; start one with "
                    + "POST /v1/vaults/{vault}/users/" + username + "/totp");
        }
        OptionalLong step = acceptedStep(row, code);
        if (step.isEmpty() || !store.acceptStep(vaultId, username, step.getAsLong(), true)) {
            throw ArcaException.invalid("code", "the code does not match the pending TOTP secret at this time");
        }
        return view(store.find(vaultId, username).orElseThrow());
    }

    /**
     * {@code POST /v1/auth/login}: a token acting as the user for 8 hours, renewable up to 24.
     *
     * @param vaultId the vault's id, or null when the vault named in the request does not exist
     */
    public User.LoginResult login(@Nullable String vaultId, User.Login request) {
        require("username", request.username());
        String password = require("password", SecretText.revealOrNull(request.password()));
        Optional<UserStore.Row> row = vaultId == null || !LowerCaseName.matches(request.username())
                ? Optional.empty()
                : store.find(vaultId, request.username()).filter(r -> r.active() && r.passwordHash() != null);
        boolean passwordMatches = row.isPresent() ? hasher.verify(password, row.get().passwordHash())
                : hasher.verifyNothing(password);
        if (!passwordMatches) {
            throw ArcaException.unauthenticated(WRONG_LOGIN);
        }
        UserStore.Row user = row.get();
        boolean mfa = user.totpActive();
        if (mfa) {
            OptionalLong step = acceptedStep(user, SecretText.revealOrNull(request.totp()));
            if (step.isEmpty() || !store.acceptStep(vaultId, user.username(), step.getAsLong(), false)) {
                throw new ArcaException(ErrorCode.UNAUTHENTICATED, MFA_NEEDED, Map.of("mfa_required", true));
            }
        }
        if (user.disabledAt() != null) {
            // after every factor: only the user learns that the account is disabled
            throw DisabledIdentities.disabled(Principal.Kind.USER, user.username());
        }
        Token.Created token = tokens.issueFor(new Principal(Principal.Kind.USER, user.username(), user.username(),
                vaultId, List.of(), mfa, null, null), LOGIN_TTL, LOGIN_MAX_TTL);
        return new User.LoginResult(token.token(), token.expiresAt(), mfa);
    }

    /** The TOTP step {@code code} is valid for, if any; no code (a user who gave none) matches nothing. */
    private OptionalLong acceptedStep(UserStore.Row row, @Nullable String code) {
        if (code == null) {
            return OptionalLong.empty();
        }
        byte[] secret = seal.keyring().decrypt(row.vaultId(), row.totpSecret(),
                totpAssociatedData(row.vaultId(), row.username()));
        try {
            return Totp.acceptedStep(secret, code, clock.instant(),
                    row.totpLastStep() == null ? Long.MIN_VALUE : row.totpLastStep());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private UserStore.Row live(String vaultId, String username) {
        return store.find(vaultId, username).filter(UserStore.Row::active).orElseThrow(() -> missingUser(username));
    }

    private static String checkPassword(@Nullable String password) {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (password == null || length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw ArcaException.invalid("password", "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters long");
        }
        return password;
    }

    private static String require(String field, @Nullable String value) {
        return require(field, value, field + " is required");
    }

    private static String require(String field, @Nullable String value, String message) {
        if (value == null || value.isEmpty()) {
            throw ArcaException.invalid(field, message);
        }
        return value;
    }

    /** Whether {@code by} is the user {@code username} of {@code vaultId} (acting with its own login). */
    static boolean isSelf(Principal by, @Nullable String vaultId, String username) {
        return by.kind() == Principal.Kind.USER && username.equals(by.id()) && vaultId != null
                && vaultId.equals(by.vaultId());
    }

    private static User view(UserStore.Row row) {
        return new User(row.username(), row.vaultId(), row.totpActive(), row.createdAt(), row.disabledAt());
    }

    private static ArcaException missingUser(String username) {
        return ArcaException.notFound("no user '" + username + "' in this vault");
    }

    static byte[] totpAssociatedData(String vaultId, String username) {
        return ("arca/user-totp/v1\0" + vaultId + "\0" + username).getBytes(StandardCharsets.UTF_8);
    }
}
