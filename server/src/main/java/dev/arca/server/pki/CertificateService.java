package dev.arca.server.pki;

import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Paging;
import java.util.regex.Pattern;

/**
 * Reading the certificates a vault keeps ({@code GET …/pki/certs}, {@code …/certs/{serial}}): every stored
 * certificate and every revocation entry of a {@code no_store} one, in serial order.
 */
final class CertificateService {
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){0,19}");

    private final IssuerService issuers;
    private final CertificateStore certificates;

    CertificateService(Database db, IssuerService issuers) {
        this.issuers = issuers;
        this.certificates = new CertificateStore(db);
    }

    /** The query of {@code GET …/pki/certs}: {@code ?revoked=true} lists revoked certificates only. */
    record ListQuery(java.util.Optional<Boolean> revoked, java.util.Optional<Integer> limit,
            java.util.Optional<String> cursor) {
        Paging.Query page() {
            return new Paging.Query(limit, cursor);
        }
    }

    Page<Pki.CertificateSummary> list(String vaultRef, ListQuery query) {
        String vaultId = issuers.vaultId(vaultRef);
        Paging paging = Paging.of(query.page(), key -> SERIAL.matcher(key).matches());
        var fetched = certificates.list(vaultId, query.revoked().orElse(false),
                paging.after().isEmpty() ? null : paging.after(), paging.size() + 1);
        var page = paging.page(fetched, CertificateRow::serial);
        return new Page<>(page.data().stream().map(CertificateService::summary).toList(), page.hasMore(),
                page.cursor());
    }

    /** A certificate by serial (colon or plain hex); 404 when the vault keeps none with that serial. */
    Pki.Certificate get(String vaultRef, String serialText) {
        String serial = Serials.normalize(serialText, "serial");
        CertificateRow row = certificates.find(issuers.vaultId(vaultRef), serial)
                .orElseThrow(() -> ArcaException.notFound("this vault keeps no certificate with serial " + serial));
        return view(row);
    }

    /**
     * The wire view; {@code certificate} is empty for the revocation entry of a {@code no_store} certificate (its
     * DER was never kept).
     */
    static Pki.Certificate view(CertificateRow row) {
        Integer reason = row.revocationReason();
        return new Pki.Certificate(row.serial(), row.issuerId(), row.role(), row.commonName(), row.notBefore(),
                row.notAfter(), row.revokedAt(), reason == null ? null : RevocationReasons.name(reason),
                row.der() == null ? "" : Pem.encode(Pem.certificate(row.der())));
    }

    private static Pki.CertificateSummary summary(CertificateRow row) {
        return new Pki.CertificateSummary(row.serial(), row.issuerId(), row.commonName(), row.notAfter(),
                row.revokedAt());
    }
}
