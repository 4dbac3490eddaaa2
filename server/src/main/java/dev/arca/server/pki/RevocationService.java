package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST …/pki/revoke}: a certificate of the vault revoked by serial (it must be stored) or by presenting it
 * (also one never stored: it gets a revocation entry). A revocation is one row written; it reaches the delta CRL
 * within the delta interval and OCSP answers at once. Revoking again answers the first revocation unchanged.
 */
final class RevocationService {
    private final Database db;
    private final IssuerService issuers;
    private final IssuerStore issuerRows;
    private final CertificateStore certificates;
    private final RevocationStore revocations;
    private final Clock clock;

    RevocationService(Database db, IssuerService issuers, Clock clock) {
        this.db = db;
        this.issuers = issuers;
        this.issuerRows = new IssuerStore(db);
        this.certificates = new CertificateStore(db);
        this.revocations = new RevocationStore(db);
        this.clock = clock;
    }

    /**
     * The serial a revoke request names, colon hex: what it is authorized on ({@code _pki/certs/{serial}}). 400
     * unless exactly one of the serial and the certificate is given, well formed.
     */
    static String serialOf(Pki.Revoke request) {
        String serial = given(request.serialNumber());
        String certificate = given(request.certificate());
        if (serial != null && certificate == null) {
            return Serials.normalize(serial, "serial_number");
        }
        if (certificate != null && serial == null) {
            return Serials.colonHex(Pem.certificate(certificate, "certificate").getSerialNumber());
        }
        throw ArcaException.invalid(serial != null ? "certificate" : "serial_number", "give exactly one of "
                + "serial_number and certificate");
    }

    private static @Nullable String given(@Nullable String text) {
        return text == null || text.isBlank() ? null : text;
    }

    Pki.Revoked revoke(String vaultRef, Pki.Revoke request) {
        String vaultId = issuers.vaultId(vaultRef);
        String serial = serialOf(request);
        int reason = RevocationReasons.code(request.reason());
        Instant now = Instant.ofEpochMilli(clock.millis());
        String certificate = given(request.certificate());
        CertificateRow row = certificate == null ? bySerial(vaultId, serial)
                : byCertificate(vaultId, Pem.certificate(certificate, "certificate"), now, reason);
        if (!row.revoked()) {
            revocations.revoke(row.issuerId(), row.serial(), now, reason);
        }
        CertificateRow revoked = certificates.find(vaultId, row.issuerId(), row.serial())
                .filter(CertificateRow::revoked)
                .orElseThrow(() -> new IllegalStateException("a certificate just revoked is not revoked"));
        return new Pki.Revoked(revoked.serial(), revoked.issuerId(), java.util.Objects.requireNonNull(
                revoked.revokedAt()), RevocationReasons.name(java.util.Objects.requireNonNull(
                        revoked.revocationReason())));
    }

    private CertificateRow bySerial(String vaultId, String serial) {
        List<CertificateRow> rows = db.read(h -> h.createQuery("SELECT " + CertificateStore.COLUMNS
                + " FROM pki_certificates WHERE vault_id = :vault AND serial = :serial LIMIT 2")
                .bind("vault", vaultId).bind("serial", serial).map((rs, ctx) -> CertificateStore.row(rs)).list());
        if (rows.isEmpty()) {
            throw ArcaException.notFound("this vault keeps no certificate with serial " + serial + "; a no_store "
                    + "certificate is revoked by presenting it (certificate)");
        }
        if (rows.size() > 1) {
            throw ArcaException.conflict("serial " + serial + " is known under several issuers of this vault; revoke "
                    + "by presenting the certificate (certificate)");
        }
        return rows.getFirst();
    }

    /**
     * The row of a presented certificate, its revocation entry made when it was never stored. 400 unless one of
     * the vault's issuers with a key signed it.
     */
    private CertificateRow byCertificate(String vaultId, X509Certificate certificate, Instant now, int reason) {
        IssuerRow issuer = issuerOf(vaultId, certificate);
        String serial = Serials.colonHex(certificate.getSerialNumber());
        var stored = certificates.find(vaultId, issuer.id(), serial);
        if (stored.isPresent()) {
            return stored.get();
        }
        var entry = new CertificateRow(issuer.id(), serial, vaultId, null, commonName(certificate),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), false, null, now,
                reason, now);
        revocations.insertRevoked(entry);
        return certificates.find(vaultId, issuer.id(), serial)
                .orElseThrow(() -> new IllegalStateException("a revocation entry just written is missing"));
    }

    private IssuerRow issuerOf(String vaultId, X509Certificate certificate) {
        for (IssuerRow candidate : issuerRows.list(vaultId)) {
            if (candidate.active() && signedBy(certificate, candidate.x509())) {
                if (!candidate.hasKey()) {
                    throw ArcaException.invalid("certificate", "the certificate's issuer " + candidate.name()
                            + " was imported without its key: Arca publishes no CRL or OCSP answer for it");
                }
                return candidate;
            }
        }
        throw ArcaException.invalid("certificate", "the certificate was not signed by an issuer of this vault");
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String commonName(X509Certificate certificate) {
        var names = CertificateSigner.subjectOf(certificate).getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN);
        return names.length == 0 ? "" : org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(
                names[0].getFirst().getValue());
    }
}
