package dev.arca.server.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.TestClock;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Principal;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed machine requests checked exactly as DESIGN §6 says, with signatures made by the JDK in the test. */
class MachineSignatureAuthenticatorTest {
    private static final String VAULT = "vault_test";
    private static final String PATH = "/v1/vaults/default/secrets/app/db?version=2";
    private static final byte[] BODY = "{\"value\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Database db;
    TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    MachineService machines;
    MachineSignatureAuthenticator authenticator;
    MachineKeys keys = MachineKeys.generate();

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        db.write(h -> h.execute("INSERT INTO vaults (id, name, created_at) VALUES (?, 'default', 0)", VAULT));
        machines = new MachineService(db, new TokenService(db, clock), clock);
        authenticator = new MachineSignatureAuthenticator(machines, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String enroll(MachineStatus status, Instant expiresAt, MachineKeys with) {
        return enroll(status, expiresAt, with, "web-1");
    }

    private String enroll(MachineStatus status, Instant expiresAt, MachineKeys with, String name) {
        String id = "mach_" + Long.toHexString(System.nanoTime());
        assertThat(machines.insertUnlessNameTaken(new MachineStore.Row(id, VAULT, name, with.rawPublicKey(), status,
                expiresAt != null, null, clock.instant(), expiresAt,
                status == MachineStatus.ACTIVE ? clock.instant() : null, null))).as(name + " is free").isTrue();
        return id;
    }

    private String active() {
        return enroll(MachineStatus.ACTIVE, null, keys);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static Credentials sikkerkey(Map<String, String> headers, String method, String path, byte[] body) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return new Credentials(Optional.empty(), lower, method, path, body, "10.0.0.7", Credentials.Signing.SIKKERKEY);
    }

    private static Credentials request(Map<String, String> headers, String method, String path, byte[] body) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return new Credentials(Optional.empty(), lower, method, path, body, "10.0.0.7");
    }

    private Credentials signed(String id) {
        return request(keys.sign(id, "PUT", PATH, BODY, now()), "PUT", PATH, BODY);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(Credentials credentials, ErrorCode code) {
        return assertThatThrownBy(() -> authenticator.authenticate(credentials))
                .isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void validSignature_authenticatesAsTheMachine() {
        String id = active();
        Principal principal = authenticator.authenticate(signed(id)).orElseThrow();
        assertThat(principal.kind()).isEqualTo(Principal.Kind.MACHINE);
        assertThat(principal.id()).isEqualTo(id);
        assertThat(principal.displayName()).isEqualTo("web-1");
        assertThat(principal.vaultId()).isEqualTo(VAULT);
        assertThat(principal.tokenAccessor()).isNull();
        assertThat(principal.subject()).isEqualTo("machine:" + id);
    }

    @Test
    void sikkerKeyDialect_verifiesItsOwnString_withAnOpaqueNonce() {
        String id = active();
        var headers = keys.signSikkerKey(id, "POST", "/v1/secrets/list", BODY, now(), "0123456789abcdef0123456789abcdef");

        assertThat(authenticator.authenticate(sikkerkey(headers, "POST", "/v1/secrets/list", BODY)))
                .hasValueSatisfying(principal -> assertThat(principal.id()).isEqualTo(id));
        refused(sikkerkey(headers, "POST", "/v1/secrets/list", BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("already used");
    }

    @Test
    void aSignatureOfOneDialect_doesNotPassAsTheOther() {
        String id = active();
        var arcaSigned = keys.sign(id, "POST", "/v1/secrets/list", BODY, now());
        refused(sikkerkey(arcaSigned, "POST", "/v1/secrets/list", BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("METHOD:PATH:TIMESTAMP:NONCE");
        var sikkerkeySigned = keys.signSikkerKey(id, "POST", "/v1/secrets/list", BODY, now(), MachineKeys.freshNonce(16));
        refused(request(sikkerkeySigned, "POST", "/v1/secrets/list", BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("does not verify");
    }

    @Test
    void sikkerKeyNonce_withAColonOrSpaceOrOver128Characters_isRefused() {
        String id = active();
        for (String nonce : new String[] {"abc:def", "abc def", "x".repeat(129)}) {
            var headers = keys.signSikkerKey(id, "GET", "/v1/secrets", new byte[0], now(), nonce);
            refused(sikkerkey(headers, "GET", "/v1/secrets", new byte[0]), ErrorCode.UNAUTHENTICATED)
                    .hasMessageContaining("X-Nonce must be 1 to 128 printable ASCII characters other than ':'");
        }
    }

    @Test
    void requestWithoutMachineId_isNotRecognised() {
        assertThat(authenticator.authenticate(request(Map.of(), "GET", PATH, new byte[0]))).isEmpty();
    }

    @Test
    void signatureOverADifferentBody_isRejected() {
        String id = active();
        var headers = keys.sign(id, "PUT", PATH, BODY, now());
        refused(request(headers, "PUT", PATH, "{\"value\":\"y\"}".getBytes(StandardCharsets.UTF_8)),
                ErrorCode.UNAUTHENTICATED).hasMessageContaining("does not verify");
    }

    @Test
    void signatureOverADifferentPath_isRejected() {
        String id = active();
        var headers = keys.sign(id, "PUT", PATH, BODY, now());
        refused(request(headers, "PUT", "/v1/vaults/default/secrets/app/db?version=3", BODY),
                ErrorCode.UNAUTHENTICATED).hasMessageContaining("does not verify");
    }

    @Test
    void signatureOverADifferentMethod_isRejected() {
        String id = active();
        var headers = keys.sign(id, "PUT", PATH, BODY, now());
        refused(request(headers, "POST", PATH, BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("does not verify");
    }

    @Test
    void signatureByAnotherKey_isRejected() {
        String id = active();
        var headers = MachineKeys.generate().sign(id, "PUT", PATH, BODY, now());
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED).hasMessageContaining("does not verify");
    }

    @Test
    void timestamp301sOld_isRejectedSayingHowFarOff() {
        String id = active();
        var headers = keys.sign(id, "PUT", PATH, BODY, now() - 301);
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("the request timestamp is 301 s from the server's clock; sync the client's clock");
    }

    @Test
    void timestamp301sInTheFuture_isRejected() {
        String id = active();
        var headers = keys.sign(id, "PUT", PATH, BODY, now() + 301);
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("is 301 s from the server's clock");
    }

    @Test
    void timestampsAtTheEdgesOfTheWindow_areAccepted() {
        String id = active();
        assertThat(authenticator.authenticate(request(keys.sign(id, "PUT", PATH, BODY, now() - 300), "PUT", PATH,
                BODY))).isPresent();
        assertThat(authenticator.authenticate(request(keys.sign(id, "PUT", PATH, BODY, now() + 300), "PUT", PATH,
                BODY))).isPresent();
    }

    @Test
    void nonNumericTimestamp_isRejected() {
        String id = active();
        var headers = new HashMap<>(keys.sign(id, "PUT", PATH, BODY, now()));
        headers.put("X-Timestamp", "2030-01-01T00:00:00Z");
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED).hasMessageContaining("unix seconds");
    }

    @Test
    void replayedNonce_isRejected() {
        String id = active();
        Credentials first = signed(id);
        assertThat(authenticator.authenticate(first)).isPresent();
        refused(first, ErrorCode.UNAUTHENTICATED).hasMessageContaining("already used");
    }

    @Test
    void sameNonceFromAnotherMachine_isNotAReplay() {
        String one = active();
        MachineKeys otherKeys = MachineKeys.generate();
        String other = enroll(MachineStatus.ACTIVE, null, otherKeys, "web-2");
        String nonce = MachineKeys.freshNonce(16);
        assertThat(authenticator.authenticate(request(keys.sign(one, "GET", PATH, new byte[0], now(), nonce), "GET",
                PATH, new byte[0]))).isPresent();
        assertThat(authenticator.authenticate(request(otherKeys.sign(other, "GET", PATH, new byte[0], now(), nonce),
                "GET", PATH, new byte[0]))).isPresent();
    }

    @Test
    void truncatedSignature_isRejected() {
        String id = active();
        var headers = new HashMap<>(keys.sign(id, "PUT", PATH, BODY, now()));
        headers.put("X-Signature", headers.get("X-Signature").substring(0, 40));
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("base64 of a 64-byte Ed25519 signature");
    }

    @Test
    void nonBase64Signature_isRejected() {
        String id = active();
        var headers = new HashMap<>(keys.sign(id, "PUT", PATH, BODY, now()));
        headers.put("X-Signature", "not base64 at all!");
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("base64 of a 64-byte Ed25519 signature");
    }

    @Test
    void shortNonce_isRejected() {
        String id = active();
        var headers = keys.sign(id, "PUT", PATH, BODY, now(), MachineKeys.freshNonce(15));
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("X-Nonce must be at least 16");
    }

    @Test
    void missingSignatureHeader_isRejectedNamingIt() {
        String id = active();
        var headers = new HashMap<>(keys.sign(id, "PUT", PATH, BODY, now()));
        headers.remove("X-Signature");
        refused(request(headers, "PUT", PATH, BODY), ErrorCode.UNAUTHENTICATED)
                .hasMessageContaining("X-Signature is missing");
    }

    @Test
    void unknownMachine_isRejected() {
        refused(signed("mach_unknown"), ErrorCode.UNAUTHENTICATED).hasMessageContaining("no machine mach_unknown");
    }

    @Test
    void pendingMachine_isDeniedAsAwaitingApproval_untilApproved() {
        String id = enroll(MachineStatus.PENDING, null, keys);
        refused(signed(id), ErrorCode.ACCESS_DENIED)
                .hasMessageContaining("machine " + id + " (web-1) awaits approval (arca machine approve " + id + ")");
        machines.approve(VAULT, id);
        assertThat(authenticator.authenticate(signed(id))).isPresent();
    }

    @Test
    void revokedMachine_isRejectedAtOnce() {
        String id = active();
        assertThat(authenticator.authenticate(signed(id))).isPresent();
        machines.revoke(VAULT, id);
        refused(signed(id), ErrorCode.UNAUTHENTICATED).hasMessageContaining("has been revoked");
    }

    @Test
    void rejectedMachine_isRejected() {
        String id = enroll(MachineStatus.PENDING, null, keys);
        machines.reject(VAULT, id);
        refused(signed(id), ErrorCode.UNAUTHENTICATED).hasMessageContaining("was rejected");
    }

    @Test
    void ephemeralMachinePastItsLifetime_isRejected_beforeAndAfterTheReaperMarksIt() {
        String id = enroll(MachineStatus.ACTIVE, clock.instant().plus(Duration.ofMinutes(5)), keys);
        assertThat(authenticator.authenticate(signed(id))).isPresent();
        clock.advance(Duration.ofMinutes(5));
        refused(signed(id), ErrorCode.UNAUTHENTICATED).hasMessageContaining("expired at");
        assertThat(new EphemeralMachineReaper(machines).reapNow()).isEqualTo(1);
        assertThat(machines.lookup(id).orElseThrow().status()).isEqualTo(MachineStatus.EXPIRED);
        refused(signed(id), ErrorCode.UNAUTHENTICATED).hasMessageContaining("expired at");
    }
}
