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

    private RequestTarget users() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("users");
    }

    private RequestTarget user(String username) {
        return users().segment(Objects.requireNonNull(username, "username"));
    }
}
