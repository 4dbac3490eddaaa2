package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The move of transit keys out of the secret tables (schema version 14). The database is filled exactly as the code
 * before it stored a transit key — a secret of type {@code transit_key} whose versions hold the key document,
 * encrypted with associated data {@code arca/secret-value/v1 \0 vault \0 secret id \0 version} — with ciphertexts
 * made from those documents; then the next unseal moves the keys, and every old ciphertext still decrypts.
 */
class TransitKeyUpgradeIT {
    private static final Principal ROOT = Principal.token("acc_root", "root", null, List.of(Principal.ROOT_POLICY));
    private static final String SECRET = "made before the upgrade";

    @TempDir
    Path dir;
    Database db;
    SealService seal;
    String unsealKey;
    String vaultId;
    String projectId;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void oldKeysMoveAtUnseal_andEveryOldCiphertextDecrypts_rotatesAndRewraps(String backend) {
        open(backend);
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        KeyDocument first = KeyDocument.create(TransitAlgorithm.of("aes256-gcm"), false, then);
        KeyDocument rotated = first.rotated(then.plusSeconds(60));
        storeAsOldSecret("sk_oldkey1", "app/k", List.of(first, rotated), false);
        KeyDocument other = KeyDocument.create(TransitAlgorithm.of("chacha20-poly1305"), true, then);
        storeAsOldSecret("sk_oldkey2", "app/other", List.of(other), false);
        storeAsOldSecret("sk_gonekey", "app/gone", List.of(other), true);
        String v1 = encrypt(new KeyMaterialRef("sk_oldkey1", vaultId, "app/k", 1), first, "tenant-7");
        String v2 = encrypt(new KeyMaterialRef("sk_oldkey1", vaultId, "app/k", 2), rotated, "tenant-7");
        String otherCiphertext = encrypt(new KeyMaterialRef("sk_oldkey2", vaultId, "app/other", 1), other, null);
        assertThat(v1).startsWith("arca:v1:");
        assertThat(v2).startsWith("arca:v2:");

        TransitService transit = upgradedServer();

        assertThat(decrypt(transit, "app/k", v1, "tenant-7")).isEqualTo(SECRET);
        assertThat(decrypt(transit, "app/k", v2, "tenant-7")).isEqualTo(SECRET);
        assertThat(decrypt(transit, "app/other", otherCiphertext, null)).isEqualTo(SECRET);
        TransitKey key = transit.read("default", "app/k");
        assertThat(key.id()).isEqualTo("sk_oldkey1");
        assertThat(key.latestVersion()).isEqualTo(2);
        assertThat(transit.read("default", "app/other").exportable()).isTrue();

        assertThat(transit.rotate("default", "app/k", ROOT).latestVersion()).isEqualTo(3);
        Use.Ciphertext rewrapped = transit.rewrap("default", "app/k", new TransitKey.Decrypt(v1, b64("tenant-7")));
        assertThat(rewrapped.keyVersion()).isEqualTo(3);
        assertThat(decrypt(transit, "app/k", rewrapped.ciphertext(), "tenant-7")).isEqualTo(SECRET);
        assertThat(decrypt(transit, "app/k", v1, "tenant-7")).isEqualTo(SECRET);

        assertThat(count("SELECT COUNT(*) FROM secrets")).isZero();
        assertThat(count("SELECT COUNT(*) FROM secret_versions")).isZero();
        assertThat(count("SELECT COUNT(*) FROM key_material WHERE engine = 'transit'")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void runningAgain_movesOnlyWhatIsLeft_andConverges(String backend) {
        open(backend);
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        KeyDocument first = KeyDocument.create(TransitAlgorithm.of("aes256-gcm"), false, then);
        storeAsOldSecret("sk_oldkey1", "app/k", List.of(first), false);
        var upgrade = new TransitKeyUpgrade(db, seal);
        assertThat(upgrade.run()).isEqualTo(1);
        assertThat(upgrade.run()).isZero();
        // a key left behind (as by a crash between two keys' transactions) moves on the next run
        KeyDocument second = KeyDocument.create(TransitAlgorithm.of("aes256-gcm"), false, then);
        storeAsOldSecret("sk_oldkey2", "app/k2", List.of(second), false);
        String ciphertext = encrypt(new KeyMaterialRef("sk_oldkey2", vaultId, "app/k2", 1), second, null);
        assertThat(upgrade.run()).isEqualTo(1);
        assertThat(upgrade.run()).isZero();
        var transit = new TransitService(db, new VaultService(db, seal, Clock.systemUTC()), seal, Clock.systemUTC());
        assertThat(decrypt(transit, "app/k2", ciphertext, null)).isEqualTo(SECRET);
        assertThat(transit.read("default", "app/k").id()).isEqualTo("sk_oldkey1");
        assertThat(count("SELECT COUNT(*) FROM secrets")).isZero();
    }

    private void open(String backend) {
        StorageUrl url;
        if (backend.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            url = StorageUrl.parse(postgres.get());
        }
        db = Database.open(url);
        seal = new SealService(db, "test");
        unsealKey = seal.init(1, 1).unsealKeys().getFirst();
        seal.unseal(unsealKey);
        var vaults = new VaultService(db, seal, Clock.systemUTC());
        vaultId = db.inTransaction(() -> vaults.create("default")).id();
        projectId = vaults.createProject("default", "app").id();
    }

    /** A restarted server: sealed, then unsealed with the transit engine mounted as the wiring mounts it. */
    private TransitService upgradedServer() {
        seal.seal();
        var restarted = new SealService(db, "test");
        var vaults = new VaultService(db, restarted, Clock.systemUTC());
        TransitEngine.mount(db, vaults, restarted, Clock.systemUTC());
        var transit = new TransitService(db, vaults, restarted, Clock.systemUTC());
        assertThat(count("SELECT COUNT(*) FROM secrets WHERE type = 'transit_key'")).isEqualTo(3);
        restarted.unseal(unsealKey);
        return transit;
    }

    /**
     * As {@code SecretService.createKeyMaterial} and {@code writeKeyMaterial} stored a key before version 14: the
     * secrets row, then one version per document; {@code deleted}: then soft-deleted, as {@code DELETE …/secrets}.
     */
    private void storeAsOldSecret(String id, String path, List<KeyDocument> documents, boolean deleted) {
        long now = Instant.now().toEpochMilli();
        db.write(h -> h.createUpdate("INSERT INTO secrets (id, vault_id, project_id, path, type, current_version, "
                + "created_at, updated_at, field_names, created_by, updated_by, deleted_at) VALUES (:id, :vault, "
                + ":project, :path, 'transit_key', :version, :now, :now, NULL, 'root', 'root', :deleted)")
                .bind("id", id).bind("vault", vaultId).bind("project", projectId).bind("path", path)
                .bind("version", documents.size()).bind("now", now).bind("deleted", deleted ? now : null)
                .execute());
        for (int version = 1; version <= documents.size(); version++) {
            byte[] aad = ("arca/secret-value/v1\0" + vaultId + "\0" + id + "\0" + version)
                    .getBytes(StandardCharsets.UTF_8);
            byte[] ciphertext = seal.keyring().encrypt(vaultId, documents.get(version - 1).toJson()
                    .getBytes(StandardCharsets.UTF_8), aad);
            int number = version;
            db.write(h -> h.createUpdate("INSERT INTO secret_versions (secret_id, version, ciphertext, state, "
                    + "created_at, created_by, rotation_reason) VALUES (:id, :version, :ciphertext, 'active', :now, "
                    + "'root', NULL)")
                    .bind("id", id).bind("version", number).bind("ciphertext", ciphertext).bind("now", now)
                    .execute());
        }
    }

    private static String encrypt(KeyMaterialRef ref, KeyDocument document, String context) {
        return OpenKey.open(ref, document).encrypt(SECRET.getBytes(StandardCharsets.UTF_8),
                context == null ? new byte[0] : context.getBytes(StandardCharsets.UTF_8)).format();
    }

    private static String decrypt(TransitService transit, String path, String ciphertext, String context) {
        String plaintext = transit.decrypt("default", path, new TransitKey.Decrypt(ciphertext,
                context == null ? null : b64(context))).plaintext().reveal();
        return new String(Base64.getDecoder().decode(plaintext), StandardCharsets.UTF_8);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private long count(String sql) {
        return db.read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
