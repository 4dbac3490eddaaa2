package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Page;
import dev.arca.api.SecretText;
import dev.arca.api.User;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Users of one vault: password and TOTP. Reached by {@link ArcaClient#users()}; immutable. */
public final class UserOperations {
    private static final TypeReference<Page<User>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    UserOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public UserOperations withVault(String vault) {
        return new UserOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/users}: a user with a password of 12 to 1024 characters. */
    public User create(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return transport.call("POST", users(), new User.Create(username, SecretText.of(password)), User.class);
    }

    /** {@code GET /v1/vaults/{vault}/users}. */
    public Page<User> list() {
        return transport.call("GET", users(), null, PAGE);
    }

    /** {@code DELETE /v1/vaults/{vault}/users/{username}}. */
    public void delete(String username) {
        transport.call("DELETE", user(username), null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/users/{username}/totp}: a new TOTP secret, shown this once; it counts once
     * {@link #confirmTotp confirmed}.
     */
    public User.TotpEnrollment enableTotp(String username) {
        return transport.call("POST", user(username).segment("totp"), null, User.TotpEnrollment.class);
    }

    /** {@code POST /v1/vaults/{vault}/users/{username}/totp/confirm}: a current code turns TOTP on. */
    public User confirmTotp(String username, String code) {
        Objects.requireNonNull(code, "code");
        return transport.call("POST", user(username).segment("totp").segment("confirm"),
                new User.TotpConfirm(SecretText.of(code)), User.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/users/{username}/password}: the logged-in user changes their own password,
     * proving the current one.
     *
     * @throws AccessDeniedException if {@code oldPassword} is wrong (nothing changes)
     */
    public User changePassword(String username, String oldPassword, String newPassword) {
        Objects.requireNonNull(oldPassword, "oldPassword");
        Objects.requireNonNull(newPassword, "newPassword");
        return transport.call("POST", user(username).segment("password"),
                new User.PasswordChange(SecretText.of(oldPassword), SecretText.of(newPassword)), User.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/users/{username}/password}: an administrator sets another user's password;
     * that user's tokens are revoked.
     */
    public User resetPassword(String username, String newPassword) {
        Objects.requireNonNull(newPassword, "newPassword");
        return transport.call("POST", user(username).segment("password"),
                new User.PasswordChange(null, SecretText.of(newPassword)), User.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/users/{username}/totp/reset}: turns TOTP off so that it can be
     * {@link #enableTotp enrolled} again. The user resetting their own gives a current {@code code}; an administrator
     * resetting another user's gives null.
     *
     * @throws AccessDeniedException if the user's own code is wrong (nothing changes)
     */
    public User resetTotp(String username, @Nullable String code) {
        return transport.call("POST", user(username).segment("totp").segment("reset"),
                new User.TotpReset(code == null ? null : SecretText.of(code)), User.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/users/{username}/disable}: the user cannot log in and its tokens are refused
     * until {@link #enable enabled}.
     *
     * @throws ConflictException if it is the caller themself
     */
    public User disable(String username) {
        return transport.call("POST", user(username).segment("disable"), null, User.class);
    }

    /** {@code POST /v1/vaults/{vault}/users/{username}/enable}: a disabled user works again, its tokens too. */
    public User enable(String username) {
        return transport.call("POST", user(username).segment("enable"), null, User.class);
    }

    private RequestTarget users() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("users");
    }

    private RequestTarget user(String username) {
        return users().segment(Objects.requireNonNull(username, "username"));
    }
}
