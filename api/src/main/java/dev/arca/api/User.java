package dev.arca.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user of a vault: someone who logs in with a password and, once enrolled, a TOTP code.
 * {@code GET /v1/vaults/{vault}/users}, {@code POST /v1/vaults/{vault}/users}. The password and the TOTP secret
 * are never part of it.
 *
 * @param totpEnabled whether logins need a TOTP code (an enrolment waiting for its first code does not count)
 * @param disabledAt when an administrator disabled the user (no login, its tokens refused); null while enabled
 */
public record User(String username, String vaultId, boolean totpEnabled, Instant createdAt,
        @Nullable Instant disabledAt) {

    /** {@code POST /v1/vaults/{vault}/users}: username {@code [a-z0-9][a-z0-9._-]{0,63}}, password 12..1024 characters. */
    public record Create(String username, SecretText password) {}

    /**
     * The answer to {@code POST /v1/vaults/{vault}/users/{username}/totp}, shown once: the new TOTP secret in base32
     * and as an {@code otpauth://} URI for authenticator apps. It counts once confirmed with a code.
     */
    public record TotpEnrollment(SecretText secret, SecretText otpauthUri) {}

    /**
     * {@code POST /v1/vaults/{vault}/users/{username}/password}: a new password (12..1024 characters). A user changing
     * their own gives {@code old_password}; an administrator resetting someone else's gives none.
     */
    public record PasswordChange(@Nullable SecretText oldPassword, SecretText password) {}

    /**
     * {@code POST /v1/vaults/{vault}/users/{username}/totp/reset}: TOTP off, to be enrolled again. A user resetting
     * their own active TOTP gives a current {@code code}; an administrator resetting someone else's gives none.
     */
    public record TotpReset(@Nullable SecretText code) {}

    /** {@code POST /v1/vaults/{vault}/users/{username}/totp/confirm}: a current code from the new secret. */
    public record TotpConfirm(SecretText code) {}

    /** {@code POST /v1/auth/login}: {@code vault} is its name or id; {@code totp} only for users with TOTP. */
    public record Login(String vault, String username, SecretText password, @Nullable SecretText totp) {}

    /**
     * The answer to {@link Login}: a token acting as the user until {@code expiresAt}.
     *
     * @param mfa whether a TOTP code was verified for this token (policies with {@code require_mfa} need it)
     */
    public record LoginResult(SecretText token, @Nullable Instant expiresAt, boolean mfa) {}
}
