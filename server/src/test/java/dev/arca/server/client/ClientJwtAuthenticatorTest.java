package dev.arca.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.arca.api.Client;
import dev.arca.api.ErrorCode;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.storage.Paging;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-request client JWTs against a real SQLite database: every rule of the ES256 JWT check, one at a time. */
class ClientJwtAuthenticatorTest {
    @TempDir
    Path dir;

    private Database db;
    private ClientService clients;
    private ClientJwtAuthenticator authenticator;
    private KeyPair key;
    private Client.Created client;

    @BeforeEach
    void setUp() throws GeneralSecurityException {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        db.write(h -> h.execute("INSERT INTO vaults (id, name, created_at) VALUES ('vault_test', 'default', 0)"));
        Clock clock = Clock.systemUTC();
        clients = new ClientService(db, new VaultService(db, new SealService(db, "test"), clock),
                new TokenService(db, clock), clock);
        authenticator = new ClientJwtAuthenticator(clients);
        key = ecKeyPair("secp256r1");
        client = clients.create("default", new Client.Create("ci", pem(key)));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void goodJwt_authenticatesAsTheClient() throws Exception {
        Principal principal = authenticator.authenticate(bearer(es256(claims()))).orElseThrow();

        assertThat(principal.kind()).isEqualTo(Principal.Kind.CLIENT);
        assertThat(principal.id()).isEqualTo(client.clientId());
        assertThat(principal.displayName()).isEqualTo("ci");
        assertThat(principal.vaultId()).isEqualTo("vault_test");
        assertThat(principal.subject()).isEqualTo("client:" + client.clientId());
        assertThat(principal.policies()).isEmpty();
        assertThat(principal.tokenAccessor()).isNull();
    }

    @Test
    void arcaTokensAndOtherBearers_areLeftToOtherAuthenticators() {
        assertThat(authenticator.authenticate(bearer("arca_abc.def.ghi"))).isEmpty();
        assertThat(authenticator.authenticate(bearer("not-a-jwt"))).isEmpty();
        assertThat(authenticator.authenticate(new Credentials(Optional.empty(), Map.of(), "GET", "/", new byte[0],
                "127.0.0.1"))).isEmpty();
    }

    @Test
    void algNone_isRejected() throws Exception {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String unsigned = header + "." + claims().build().toPayload().toBase64URL() + ".";

        assertRefused(unsigned, "alg must be ES256");
    }

    @Test
    void hs256KeyedWithThePublicKey_isRejected() throws Exception {
        byte[] pemBytes = pem(key).getBytes(StandardCharsets.UTF_8);
        byte[] derBytes = key.getPublic().getEncoded();

        assertRefused(signed(new MACSigner(pemBytes), JWSAlgorithm.HS256, claims()), "alg must be ES256");
        assertRefused(signed(new MACSigner(derBytes), JWSAlgorithm.HS256, claims()), "alg must be ES256");
    }

    @Test
    void rs256_isRejected() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var signer = new RSASSASigner(rsa.generateKeyPair().getPrivate());

        assertRefused(signed(signer, JWSAlgorithm.RS256, claims()), "alg must be ES256");
    }

    @Test
    void expired_isRejected() throws Exception {
        assertRefused(es256(claims().expirationTime(inSeconds(-5))), "expired");
    }

    @Test
    void expTooFarAhead_isRejected() throws Exception {
        assertRefused(es256(claims().expirationTime(inSeconds(600))), "too far ahead");
    }

    @Test
    void missingExp_isRejected() throws Exception {
        assertRefused(es256(claims().expirationTime(null)), "needs an exp");
    }

    @Test
    void wrongAudience_isRejected() throws Exception {
        assertRefused(es256(claims().audience("someone-else")), "aud must contain 'arca'");
        assertRefused(es256(claims().audience((String) null)), "aud must contain 'arca'");
    }

    @Test
    void audienceListContainingArca_isAccepted() throws Exception {
        assertThat(authenticator.authenticate(bearer(es256(claims().audience(List.of("other", "arca")))))).isPresent();
    }

    @Test
    void notBeforeInTheFuture_isRejected() throws Exception {
        assertRefused(es256(claims().notBeforeTime(inSeconds(120))), "not valid yet");
    }

    @Test
    void replayedJti_isRejected() throws Exception {
        String jwt = es256(claims());
        assertThat(authenticator.authenticate(bearer(jwt))).isPresent();

        assertRefused(jwt, "already used");
        assertRefused(es256(claims().jwtID(SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID())), "already used");
    }

    @Test
    void missingJti_isRejected() throws Exception {
        assertRefused(es256(claims().jwtID(null)), "needs a jti");
    }

    @Test
    void wrongKey_isRejected_andDoesNotSpendTheJti() throws Exception {
        String jti = UUID.randomUUID().toString();
        KeyPair other = ecKeyPair("secp256r1");

        assertRefused(signed(new ECDSASigner((ECPrivateKey) other.getPrivate()), JWSAlgorithm.ES256,
                claims().jwtID(jti)), "signature does not verify");
        assertThat(authenticator.authenticate(bearer(es256(claims().jwtID(jti))))).isPresent();
    }

    @Test
    void tamperedPayload_isRejected() throws Exception {
        String[] parts = es256(claims()).split("\\.");
        String otherPayload = claims().subject(client.clientId()).claim("extra", "x").build().toPayload().toBase64URL()
                .toString();

        assertRefused(parts[0] + "." + otherPayload + "." + parts[2], "signature does not verify");
    }

    @Test
    void issDifferentFromSub_isRejected() throws Exception {
        assertRefused(es256(claims().subject("cli_someoneelse")), "iss and sub");
    }

    @Test
    void unknownClient_isRejected() throws Exception {
        assertRefused(es256(claims().issuer("cli_unknown").subject("cli_unknown")), "not a live client");
    }

    @Test
    void revokedClient_isRejected() throws Exception {
        clients.revoke("default", client.clientId());

        assertRefused(es256(claims()), "not a live client");
    }

    @Test
    void clientWithoutPublicKey_isRejected() throws Exception {
        Client.Created keyless = clients.create("default", new Client.Create("keyless", null));

        assertRefused(es256(claims().issuer(keyless.clientId()).subject(keyless.clientId())), "no registered public key");
    }

    @Test
    void garbage_isRejectedWithoutQuotingIt() {
        assertRefused("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln", "claims");
        assertRefused("a.b.c", "could not be parsed");
    }

    @Test
    void publicKeyPem_mustBeAnEcP256Key() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPem = pem(rsa.generateKeyPair());
        String p384Pem = pem(ecKeyPair("secp384r1"));

        for (String bad : List.of(rsaPem, p384Pem, "-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----",
                "not a pem")) {
            assertThatThrownBy(() -> clients.create("default", new Client.Create("bad", bad)))
                    .isInstanceOfSatisfying(ArcaException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.details()).containsEntry("field", "public_key_pem");
                    });
        }
        assertThat(clients.list("default", Paging.Query.first()).data()).hasSize(1);
    }

    private void assertRefused(String jwt, String messagePart) {
        assertThatThrownBy(() -> authenticator.authenticate(bearer(jwt)))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains(messagePart).doesNotContain(jwt);
                });
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(client.clientId()).subject(client.clientId()).audience("arca")
                .expirationTime(inSeconds(120)).issueTime(new Date()).jwtID(UUID.randomUUID().toString());
    }

    private String es256(JWTClaimsSet.Builder claims) throws JOSEException {
        return signed(new ECDSASigner((ECPrivateKey) key.getPrivate()), JWSAlgorithm.ES256, claims);
    }

    private static String signed(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet.Builder claims)
            throws JOSEException {
        var jwt = new SignedJWT(new JWSHeader(alg), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static Date inSeconds(long seconds) {
        return Date.from(Instant.now().plus(Duration.ofSeconds(seconds)));
    }

    private static Credentials bearer(String value) {
        return new Credentials(Optional.of(value), Map.of("authorization", "Bearer " + value), "GET",
                "/v1/tokens/self", new byte[0], "127.0.0.1");
    }

    static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String pem(KeyPair pair) {
        UnaryOperator<String> wrap = text -> "-----BEGIN PUBLIC KEY-----\n" + text + "\n-----END PUBLIC KEY-----\n";
        return wrap.apply(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded()));
    }
}
