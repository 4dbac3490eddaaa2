package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.io.StringWriter;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * What the PKI scenarios share, made once through the API: an EC P-256 root in the bench vault, two roles for
 * {@code *.bench.example} (one storing its certificates, one {@code no_store}), a token with a policy for them, and
 * an EC P-256 CSR made by the client (its key never reaches the server).
 */
final class PkiFixture {
    static final String STORED_ROLE = "bench-stored";
    static final String UNSTORED_ROLE = "bench-unstored";

    private final Fixture fixture;
    private String token;
    private String csrJson;
    private String rootPem;

    private PkiFixture(Fixture fixture) {
        this.fixture = fixture;
    }

    private static PkiFixture shared;

    /** The one PKI fixture of a run (the root and roles are made once per vault). */
    static synchronized PkiFixture of(Fixture fixture) {
        if (shared == null || shared.fixture != fixture) {
            shared = new PkiFixture(fixture);
        }
        return shared;
    }

    String pki() {
        return "/v1/vaults/" + fixture.vault() + "/pki";
    }

    /** A token allowed to issue, sign, revoke and rotate CRLs, through a policy. */
    synchronized String token() {
        if (token == null) {
            fixture.appToken();
            BenchHttp http = fixture.http();
            String root = fixture.target().rootToken();
            rootPem = http.call("POST", pki() + "/issuers/root", root,
                    "{\"name\":\"bench-root\",\"common_name\":\"Arca Bench Root\",\"key_type\":\"ec\","
                            + "\"key_bits\":256}", 201).path("certificate").asText();
            for (String role : new String[] {STORED_ROLE, UNSTORED_ROLE}) {
                http.call("PUT", pki() + "/roles/" + role, root, "{\"allowed_domains\":[\"bench.example\"],"
                        + "\"allow_subdomains\":true,\"ttl\":\"24h\",\"no_store\":" + role.equals(UNSTORED_ROLE)
                        + "}", 200);
            }
            http.call("PUT", "/v1/vaults/" + fixture.vault() + "/policies/bench-pki", root, """
                    {"rules":[{"path":"_pki/**","permissions":["read","list","create","update"]}]}""", 200);
            token = http.call("POST", "/v1/tokens", root, "{\"policies\":[\"bench-pki\"],\"vault\":"
                    + BenchHttp.quote(fixture.vault()) + ",\"ttl\":\"24h\",\"display_name\":\"arca-bench-pki\"}",
                    201).path("token").asText();
        }
        return token;
    }

    String rootPem() {
        token();
        return rootPem;
    }

    /** {@code {"csr":"…"}}: one EC P-256 CSR for {@code svc.bench.example}, signed again and again. */
    synchronized String csrBody() throws Exception {
        if (csrJson == null) {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = generator.generateKeyPair();
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=svc.bench.example"), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            var pem = new StringWriter();
            try (var writer = new JcaPEMWriter(pem)) {
                writer.writeObject(csr);
            }
            csrJson = "{\"csr\":" + BenchHttp.quote(pem.toString()) + "}";
        }
        return csrJson;
    }

    /** The id of the bench root. */
    String rootId() {
        token();
        return fixture.http().call("GET", pki() + "/issuers/bench-root", fixture.target().rootToken(), null, 200)
                .path("id").asText();
    }

    /**
     * {@code count} certificate rows of the bench root written straight into {@code pki_certificates} (through
     * the API this would take minutes): serials {@code prefix} (such as {@code 7e:01:}, not starting with
     * {@code 00}) then a counter as four octets, revoked or not, all with the DER of {@code template}.
     */
    void insertRows(Database db, String prefix, int count, boolean revoked, byte[] template) {
        String vaultId = fixture.http().call("GET", "/v1/vaults/" + fixture.vault(), fixture.target().rootToken(),
                null, 200).path("id").asText();
        String issuerId = rootId();
        long now = System.currentTimeMillis();
        String sql = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (count - 1)
                + ") INSERT INTO pki_certificates (issuer_id, serial, vault_id, role, common_name, not_before, "
                + "not_after, stored, certificate, revoked_at, revocation_reason, created_at) SELECT :issuer, "
                + ":prefix || substr(CAST(100000000 + i AS TEXT), 2, 2) || ':' || substr(CAST(100000000 + i AS TEXT), "
                + "4, 2) || ':' || substr(CAST(100000000 + i AS TEXT), 6, 2) || ':' || substr(CAST(100000000 + i AS "
                + "TEXT), 8, 2), :vault, :role, 'svc.bench.example', :now, :later, 1, :der, "
                + (revoked ? ":now, 1" : "NULL, NULL") + ", :now FROM n";
        db.write(h -> h.createUpdate(sql).bind("issuer", issuerId).bind("prefix", prefix).bind("vault", vaultId)
                .bind("role", STORED_ROLE).bind("now", now).bind("later", now + 86_400_000L).bind("der", template)
                .execute());
        if (db.url().kind() == StorageUrl.Kind.POSTGRESQL) {
            db.write(h -> h.execute("ANALYZE pki_certificates"));
        }
    }

    /** The serial {@link #insertRows} gave row {@code i}. */
    static String serial(String prefix, int i) {
        String digits = String.valueOf(100_000_000 + i).substring(1);
        return prefix + digits.substring(0, 2) + ":" + digits.substring(2, 4) + ":" + digits.substring(4, 6) + ":"
                + digits.substring(6, 8);
    }

    /** A fresh stored certificate's answer, for its DER and serial. */
    JsonNode signStored() throws Exception {
        return fixture.http().call("POST", pki() + "/sign/" + STORED_ROLE, token(), csrBody(), 200);
    }
}
