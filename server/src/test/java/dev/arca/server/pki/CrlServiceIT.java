package dev.arca.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Pki;
import dev.arca.server.TestClock;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRL job's decisions on a clock moved by hand (a revocation builds nothing; a delta follows revocations after
 * the delta interval; a full CRL is rebuilt the grace period before its nextUpdate; one number sequence), and the
 * figures of issue 15 printed, not asserted: a CRL of 100,000 revoked certificates, and revocation latency with
 * none and with 100,000 already revoked. Rows are inserted straight into SQLite for speed.
 */
class CrlServiceIT {
    @TempDir
    Path dir;
    Database db;
    TestClock clock;
    IssuerService issuers;
    CrlService crls;
    CrlStore stored;
    RevocationService revocations;
    String vaultId;
    Pki.Issuer root;

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        var seal = new SealService(db, "test");
        seal.unseal(seal.init(1, 1).unsealKeys().getFirst());
        clock = new TestClock(Instant.ofEpochMilli(System.currentTimeMillis()));
        var vaults = new VaultService(db, seal, clock);
        vaultId = db.inTransaction(() -> vaults.create("default")).id();
        issuers = IssuerService.create(db, vaults, seal, clock);
        root = db.inTransaction(() -> issuers.generateRoot("default", new Pki.GenerateRoot("root", "Root", null, null,
                null, null, null, null, null, null, null), Principal.token(null, "test", null, List.of("root"))));
        crls = new CrlService(db, issuers, seal, clock);
        stored = new CrlStore(db);
        revocations = new RevocationService(db, issuers, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theJob_buildsOnlyWhatIsDue_onOneNumberSequence() throws Exception {
        assertThat(crls.rebuildDue()).isEqualTo(2);
        assertThat(full().number()).isEqualTo(1);
        assertThat(delta().number()).isEqualTo(2);
        assertThat(delta().baseNumber()).isEqualTo(1L);
        assertThat(crls.rebuildDue()).isZero();

        List<String> serials = insert(1, false);
        revoke(serials.getFirst());
        assertThat(full().number()).isEqualTo(1);
        assertThat(delta().number()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(14));
        assertThat(crls.rebuildDue()).as("within the delta interval").isZero();

        clock.advance(Duration.ofMinutes(1));
        assertThat(crls.rebuildDue()).isEqualTo(1);
        assertThat(full().number()).isEqualTo(1);
        assertThat(full().entries()).isZero();
        assertThat(delta().number()).isEqualTo(3);
        assertThat(delta().entries()).isEqualTo(1);
        X509CRL deltaCrl = crl(true);
        assertThat(deltaCrl.getCriticalExtensionOIDs()).contains(Extension.deltaCRLIndicator.getId());
        assertThat(deltaCrl.getRevokedCertificate(new BigInteger(serials.getFirst().replace(":", ""), 16)))
                .isNotNull();
        clock.advance(Duration.ofMinutes(15));
        assertThat(crls.rebuildDue()).as("nothing new since the last delta").isZero();

        clock.advance(Duration.ofHours(60).minusMinutes(30));
        assertThat(crls.rebuildDue()).as("the grace period before nextUpdate").isEqualTo(2);
        assertThat(full().number()).isEqualTo(4);
        assertThat(full().entries()).isEqualTo(1);
        assertThat(delta().number()).isEqualTo(5);
        assertThat(delta().baseNumber()).isEqualTo(4L);
        assertThat(crl(false).getNonCriticalExtensionOIDs()).contains(Extension.cRLNumber.getId());
        assertThat(crl(false).getNextUpdate().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(3))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void figures_aCrlOf100000Revocations_andRevocationLatency() throws Exception {
        List<String> before = insert(300, false);
        Durations empty = revokeAll(before);

        long insertStarted = System.nanoTime();
        insert(100_000, true);
        long insertMillis = (System.nanoTime() - insertStarted) / 1_000_000;
        clock.advance(Duration.ofMinutes(2)); // past the delta's overlap: the delta built with the full CRL is empty
        long started = System.nanoTime();
        List<Pki.CrlBuilt> built = crls.rotate("default");
        long buildMillis = (System.nanoTime() - started) / 1_000_000;
        X509CRL crl = crl(false);
        crl.verify(Pem.certificate(java.util.Objects.requireNonNull(root.certificate()), "root").getPublicKey());
        assertThat(crl.getRevokedCertificates()).hasSize(100_300);
        assertThat(built.getFirst().entries()).isEqualTo(100_300);
        assertThat(built.get(1).entries()).isZero();

        List<String> after = insert(300, false);
        Durations full = revokeAll(after);
        System.out.printf("PKI figures (SQLite): 100,300 revoked rows inserted in %d ms; full CRL of %d entries built, "
                + "signed and stored, with its empty delta, in %d ms (%d bytes DER; delta: %d entries)%n", insertMillis,
                built.getFirst().entries(), buildMillis, stored.der(root.id(), false).orElseThrow().length,
                built.get(1).entries());
        System.out.printf("PKI figures (SQLite, service level, one transaction each): revoke with 0 already revoked "
                + "p50 %.2f ms p95 %.2f ms; with 100,300 already revoked p50 %.2f ms p95 %.2f ms%n", empty.p50(),
                empty.p95(), full.p50(), full.p95());
    }

    record Durations(double p50, double p95) {}

    private Durations revokeAll(List<String> serials) {
        var millis = new ArrayList<Double>();
        for (String serial : serials) {
            long started = System.nanoTime();
            revoke(serial);
            millis.add((System.nanoTime() - started) / 1e6);
        }
        Collections.sort(millis);
        return new Durations(millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.95)));
    }

    private void revoke(String serial) {
        db.inTransaction(() -> revocations.revoke("default", new Pki.Revoke(serial, null, "superseded")));
    }

    /** {@code count} stored certificates of the root (their DER left out: no CRL or revocation reads it). */
    private List<String> insert(int count, boolean revoked) {
        var serials = new ArrayList<String>();
        long now = clock.millis();
        db.inTransaction(() -> db.write(h -> {
            var batch = h.prepareBatch("INSERT INTO pki_certificates (" + CertificateStore.COLUMNS + ") VALUES "
                    + "(:issuer, :serial, :vault, NULL, :cn, :now, :notAfter, 1, NULL, :revokedAt, :reason, :now)");
            for (int i = 0; i < count; i++) {
                String serial = Serials.colonHex(Serials.random());
                serials.add(serial);
                batch.bind("issuer", root.id()).bind("serial", serial).bind("vault", vaultId).bind("cn", "leaf-" + i)
                        .bind("now", now).bind("notAfter", now + Duration.ofDays(30).toMillis())
                        .bind("revokedAt", revoked ? (Long) now : null).bind("reason", revoked ? (Integer) 1 : null)
                        .add();
            }
            return batch.execute();
        }));
        return serials;
    }

    private CrlStore.Crl full() {
        return stored.find(root.id(), false).orElseThrow();
    }

    private CrlStore.Crl delta() {
        return stored.find(root.id(), true).orElseThrow();
    }

    private X509CRL crl(boolean delta) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(
                stored.der(root.id(), delta).orElseThrow()));
    }
}
