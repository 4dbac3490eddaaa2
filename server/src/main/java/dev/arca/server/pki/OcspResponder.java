package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jspecify.annotations.Nullable;

/**
 * An OCSP responder (RFC 6960) for a vault's issuers, answering each certificate asked about: {@code good} when the
 * vault stores it unrevoked, {@code revoked} with the time and reason when it is revoked (stored or not), and
 * {@code unknown} otherwise — for a serial never issued, for a {@code no_store} certificate that was not revoked
 * (Arca cannot tell it from one never issued), and for an issuer that is not one of the vault's. Answers are signed
 * by the issuer the (first) certificate asked about belongs to, the responder named by its key hash, valid for
 * {@link #VALIDITY}; a nonce is echoed. Malformed requests answer {@code malformedRequest}; while sealed, when no
 * key is open to sign with, {@code tryLater}.
 *
 * <p>Each answer costs a query of the vault's issuers, one primary-key lookup per certificate asked about and one
 * signature; the issuer's key comes from {@link IssuerService#signer}'s cache. Nothing about a status is cached, so
 * a revocation is answered {@code revoked} at once.
 */
final class OcspResponder {
    /** How long an answer may be relied on (its nextUpdate): an hour, so a revocation reaches caching clients soon. */
    static final Duration VALIDITY = Duration.ofHours(1);

    private final IssuerService issuers;
    private final IssuerStore issuerRows;
    private final CertificateStore certificates;
    private final SealService seal;
    private final Clock clock;
    private final DigestCalculatorProvider digests;

    OcspResponder(Database db, IssuerService issuers, SealService seal, Clock clock) {
        this.issuers = issuers;
        this.issuerRows = new IssuerStore(db);
        this.certificates = new CertificateStore(db);
        this.seal = seal;
        this.clock = clock;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER OCSP response to a DER OCSP request sent to {@code vaultRef}'s responder. */
    byte[] answer(String vaultRef, byte @Nullable [] request) {
        if (seal.isSealed()) {
            return status(OCSPRespBuilder.TRY_LATER);
        }
        OCSPReq parsed;
        try {
            parsed = new OCSPReq(request == null ? new byte[0] : request);
        } catch (IOException | RuntimeException e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        Req[] asked = parsed.getRequestList();
        if (asked.length == 0) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            return answer(issuers.vaultId(vaultRef), parsed, asked);
        } catch (ArcaException e) {
            // an unknown vault has no authoritative responder here; sealed meanwhile: no key to sign with
            return status(seal.isSealed() ? OCSPRespBuilder.TRY_LATER : OCSPRespBuilder.UNAUTHORIZED);
        } catch (OCSPException | OperatorCreationException | IOException | CertificateEncodingException e) {
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    private byte[] answer(String vaultId, OCSPReq request, Req[] asked)
            throws OCSPException, OperatorCreationException, IOException, CertificateEncodingException {
        List<Candidate> candidates = candidates(vaultId);
        IssuerRow signedBy = null;
        Instant now = Instant.ofEpochMilli(clock.millis());
        var statuses = new CertificateStatus[asked.length];
        for (int i = 0; i < asked.length; i++) {
            CertificateID id = asked[i].getCertID();
            Optional<IssuerRow> issuer = issuerOf(id, candidates);
            statuses[i] = issuer.isEmpty() ? new UnknownStatus() : status(vaultId, issuer.get(), id.getSerialNumber());
            if (signedBy == null && issuer.isPresent()) {
                signedBy = issuer.get();
            }
        }
        if (signedBy == null) {
            signedBy = defaultSigner(vaultId, candidates);
            if (signedBy == null) {
                return status(OCSPRespBuilder.UNAUTHORIZED);
            }
        }
        SigningIssuer signer = issuers.signer(signedBy);
        var builder = new JcaBasicOCSPRespBuilder(signer.certificate().getPublicKey(),
                digests.get(CertificateID.HASH_SHA1));
        for (int i = 0; i < asked.length; i++) {
            builder.addResponse(asked[i].getCertID(), statuses[i], Date.from(now), Date.from(now.plus(VALIDITY)),
                    null);
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        var contentSigner = new JcaContentSignerBuilder(signer.spec().signatureAlgorithm()).build(signer.key());
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                builder.build(contentSigner, null, Date.from(now))).getEncoded();
    }

    /** An issuer of the vault that can answer, with its certificate as OCSP hashes it. */
    private record Candidate(IssuerRow row, X509CertificateHolder holder) {}

    private List<Candidate> candidates(String vaultId) throws IOException {
        var candidates = new java.util.ArrayList<Candidate>();
        for (IssuerRow row : issuerRows.list(vaultId)) {
            if (row.active() && row.hasKey() && row.certificate() != null) {
                candidates.add(new Candidate(row, new X509CertificateHolder(row.certificate())));
            }
        }
        return candidates;
    }

    /** The issuer whose name and key hashes the request's certificate ID carries, in the ID's own hash algorithm. */
    private Optional<IssuerRow> issuerOf(CertificateID id, List<Candidate> candidates) {
        for (Candidate candidate : candidates) {
            try {
                if (id.matchesIssuer(candidate.holder(), digests)) {
                    return Optional.of(candidate.row());
                }
            } catch (OCSPException e) {
                return Optional.empty(); // a hash algorithm this responder does not know: no issuer matches
            }
        }
        return Optional.empty();
    }

    private CertificateStatus status(String vaultId, IssuerRow issuer, BigInteger serial) {
        Optional<CertificateRow> row = certificates.find(vaultId, issuer.id(), Serials.colonHex(serial));
        if (row.isEmpty()) {
            return new UnknownStatus();
        }
        Instant revokedAt = row.get().revokedAt();
        Integer reason = row.get().revocationReason();
        if (revokedAt != null) {
            return new RevokedStatus(Date.from(revokedAt), reason == null ? 0 : reason);
        }
        return row.get().stored() ? CertificateStatus.GOOD : new UnknownStatus();
    }

    /** Who signs an answer about no issuer of the vault: the default issuer, else the first that can. */
    private @Nullable IssuerRow defaultSigner(String vaultId, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        try {
            IssuerRow preferred = issuers.row(vaultId, null);
            if (preferred.active() && preferred.hasKey()) {
                return preferred;
            }
        } catch (ArcaException e) {
            // no default issuer: the first candidate signs
        }
        return candidates.getFirst().row();
    }

    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
