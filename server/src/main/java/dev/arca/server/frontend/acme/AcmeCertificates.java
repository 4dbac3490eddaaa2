package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.util.Base64URL;
import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.frontend.acme.AccountStore.Account;
import dev.arca.server.frontend.acme.OrderStore.Order;
import dev.arca.server.frontend.acme.challenge.AcmeIdentifier;
import dev.arca.server.pki.CsrNames;
import dev.arca.server.pki.Pem;
import dev.arca.server.pki.Serials;
import dev.arca.server.pki.ValidatedNameSigning;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * An order's certificate (RFC 8555 §7.4, §7.4.2, §7.6): finalizing signs the CSR's key through the PKI engine
 * ({@link ValidatedNameSigning}) for exactly the order's identifiers, before the request's transaction, and stores it
 * with the order inside it; the download is the PEM chain; revocation by the ordering account or by the
 * certificate's own key marks the vault's certificate row, so the CRL and OCSP say revoked.
 */
final class AcmeCertificates {
    static final String PEM_CHAIN = "application/pem-certificate-chain";
    /** How long a client may wait before asking for renewal information again (RFC 9773 §4.3 suggests hours). */
    static final Duration RENEWAL_INFO_RETRY = Duration.ofHours(6);

    private final OrderStore orders;
    private final AcmeOrders orderAccess;
    private final ValidatedNameSigning signing;
    private final Clock clock;

    AcmeCertificates(OrderStore orders, AcmeOrders orderAccess, ValidatedNameSigning signing, Clock clock) {
        this.orders = orders;
        this.orderAccess = orderAccess;
        this.signing = signing;
        this.clock = clock;
    }

    /** {@code order/{id}/finalize}: orderNotReady unless ready; badCSR unless the CSR names exactly the order's. */
    Route.Handler finalizeOrder(AcmeDirectory dir, JwsVerifier.Signed signed, String id) {
        Order order = orderAccess.own(dir, signed, id);
        String status = order.status(clock.instant());
        if (!OrderStore.READY.equals(status)) {
            throw AcmeProblem.orderNotReady("order " + id + " is " + status + "; it is finalized once every "
                    + "authorization is valid (ready)");
        }
        byte[] der = csr(signed.json());
        requireSameNames(der, order.identifiers());
        ValidatedNameSigning.Signed certificate;
        try {
            certificate = signing.sign(dir.vaultId(), order.role(), order.issuerRef(), der,
                    OrderIdentifiers.dnsNames(order.identifiers()), OrderIdentifiers.ips(order.identifiers()),
                    dir.config().maxTtl());
        } catch (ArcaException e) {
            throw e.code() == ErrorCode.INVALID_REQUEST || e.code() == ErrorCode.ACCESS_DENIED
                    ? AcmeProblem.badCsr(e.getMessage()) : e;
        }
        return call -> {
            if (!orders.issued(order.id(), certificate.issuerId(), certificate.serial(), clock.instant())) {
                throw AcmeProblem.orderNotReady("order " + id + " was finalized by another request meanwhile");
            }
            signing.record(certificate);
            call.audit("pki.serial", certificate.serial());
            Order issued = orders.order(dir.vaultId(), order.id()).orElseThrow();
            return AcmeAccounts.located(200, AcmeViews.order(issued, orders.authzs(order.id()), dir.urls(),
                    clock.instant()), dir.urls().order(order.id()));
        };
    }

    /** {@code order/{id}/cert} (POST-as-GET): leaf then the issuer's chain, PEM. */
    Route.Handler download(AcmeDirectory dir, JwsVerifier.Signed signed, String id) {
        Order order = orderAccess.own(dir, signed, id);
        if (order.serial() == null || order.issuerId() == null) {
            throw AcmeProblem.notFound("order " + id + " has no certificate yet");
        }
        var stored = signing.stored(dir.vaultId(), order.issuerId(), order.serial())
                .orElseThrow(() -> AcmeProblem.notFound("the certificate of order " + id + " is no longer kept"));
        var chain = new ArrayList<X509Certificate>();
        chain.add(stored.certificate());
        chain.addAll(stored.chain());
        String up = dir.urls().issuerCertificate(dir.vault(), order.issuerId());
        return call -> Reply.text(200, Pem.encode(chain), PEM_CHAIN).withHeader("Link", "<" + up + ">;rel=\"up\"");
    }

    /**
     * {@code renewal-info/{certID}} (RFC 9773 §4.1): the window to renew in, the last third of the certificate's
     * lifetime; {@code certID} is the base64url authority key identifier, a dot, and the base64url DER serial. A
     * certID this directory did not issue (another issuer's key identifier included) is not found.
     */
    Reply renewalInfo(AcmeDirectory dir, String certId) {
        int dot = certId.indexOf('.');
        byte[] keyId;
        BigInteger serialNumber;
        try {
            keyId = Base64URL.from(certId.substring(0, dot)).decode();
            serialNumber = new BigInteger(Base64URL.from(certId.substring(dot + 1)).decode());
        } catch (RuntimeException e) { // no dot, an empty part, not base64url
            throw AcmeProblem.malformed("a certID is the base64url authority key identifier, a dot and the "
                    + "base64url serial number");
        }
        String serial = Serials.colonHex(serialNumber);
        X509Certificate certificate = orders.bySerial(dir.vaultId(), serial)
                .flatMap(order -> signing.stored(dir.vaultId(), java.util.Objects.requireNonNull(order.issuerId()),
                        serial))
                .map(ValidatedNameSigning.Stored::certificate)
                .filter(issued -> Arrays.equals(keyId, authorityKeyId(issued)))
                .orElseThrow(() -> AcmeProblem.notFound("this directory issued no certificate " + certId));
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant start = notAfter.minus(Duration.between(notBefore, notAfter).dividedBy(3));
        return Reply.ok(Map.of("suggestedWindow", Map.of("start", start.toString(), "end", notAfter.toString())))
                .withHeader("Retry-After", String.valueOf(RENEWAL_INFO_RETRY.toSeconds()));
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            return new byte[0];
        }
        byte[] keyId = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(extension).getOctets())
                .getKeyIdentifierOctets();
        return keyId == null ? new byte[0] : keyId;
    }

    /**
     * {@code revoke-cert}: by the account that ordered the certificate (kid) or with the certificate's own key
     * (jwk); alreadyRevoked the second time.
     */
    Route.Handler revoke(AcmeDirectory dir, JwsVerifier.Signed signed) {
        JsonNode payload = signed.json();
        X509Certificate certificate;
        try {
            certificate = Pem.certificate(Base64URL.from(payload.path("certificate").asText("")).decode());
        } catch (RuntimeException e) {
            throw AcmeProblem.malformed("certificate must be the base64url DER of a certificate");
        }
        int reason;
        try {
            reason = ValidatedNameSigning.reason(payload.path("reason").asInt(0));
        } catch (ArcaException e) {
            throw AcmeProblem.badRevocationReason(e.getMessage());
        }
        String serial = Serials.colonHex(certificate.getSerialNumber());
        Order order = orders.bySerial(dir.vaultId(), serial).orElseThrow(() -> AcmeProblem.notFound(
                "this directory issued no certificate with serial " + serial));
        String issuerId = java.util.Objects.requireNonNull(order.issuerId(), "an order with a serial has its issuer");
        var stored = signing.stored(dir.vaultId(), issuerId, serial)
                .filter(kept -> kept.certificate().equals(certificate))
                .orElseThrow(() -> AcmeProblem.notFound("this directory issued no such certificate"));
        Account account = signed.account();
        boolean byOwner = account != null && account.id().equals(order.accountId());
        boolean byKey = account == null && sameKey(signed, certificate);
        if (!byOwner && !byKey) {
            throw AcmeProblem.unauthorized("only the account that ordered the certificate, or its own key, revokes it");
        }
        if (stored.revoked()) {
            throw AcmeProblem.alreadyRevoked("certificate " + serial + " is already revoked");
        }
        return call -> {
            if (!signing.revoke(issuerId, serial, reason)) {
                throw AcmeProblem.alreadyRevoked("certificate " + serial + " is already revoked");
            }
            call.audit("pki.serial", serial);
            return new Reply(200, null, null);
        };
    }

    /** Whether the request is signed with the certificate's own key (RFC 8555 §7.6: revoking with that key). */
    private static boolean sameKey(JwsVerifier.Signed signed, X509Certificate certificate) {
        try {
            return signed.key() instanceof com.nimbusds.jose.jwk.AsymmetricJWK key && java.util.Arrays.equals(
                    key.toPublicKey().getEncoded(), certificate.getPublicKey().getEncoded());
        } catch (com.nimbusds.jose.JOSEException e) {
            return false;
        }
    }

    private static byte[] csr(JsonNode payload) {
        String text = payload.path("csr").asText("");
        if (text.isEmpty()) {
            throw AcmeProblem.malformed("finalize needs csr: the base64url DER of a PKCS#10 request");
        }
        return Base64URL.from(text).decode();
    }

    /** The CSR's common name and DNS and IP SANs must be the order's identifiers, no more and no fewer. */
    private static void requireSameNames(byte[] der, List<AcmeIdentifier> identifiers) {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw AcmeProblem.badCsr("the CSR is not a DER PKCS#10 request");
        }
        List<GeneralName> sans = CsrNames.subjectAltNames(csr);
        if (sans.stream().anyMatch(name -> name.getTagNo() != GeneralName.dNSName
                && name.getTagNo() != GeneralName.iPAddress)) {
            throw AcmeProblem.badCsr("the CSR asks for a SAN other than DNS and IP; only the order's identifiers are "
                    + "issued");
        }
        Set<String> asked = new HashSet<>();
        CsrNames.dnsNames(sans).forEach(name -> asked.add("dns:" + name.toLowerCase(Locale.ROOT)));
        CsrNames.ipAddresses(sans).forEach(ip -> asked.add("ip:" + ip));
        String commonName = CsrNames.commonName(csr);
        if (commonName != null) {
            asked.add(org.bouncycastle.util.IPAddress.isValid(commonName)
                    ? "ip:" + java.net.InetAddress.ofLiteral(commonName).getHostAddress()
                    : "dns:" + commonName.toLowerCase(Locale.ROOT));
        }
        Set<String> ordered = new HashSet<>();
        identifiers.forEach(identifier -> ordered.add(identifier.type() + ":" + identifier.value()));
        if (!asked.equals(ordered)) {
            throw AcmeProblem.badCsr("the CSR names " + asked.stream().sorted().toList() + " but the order is for "
                    + ordered.stream().sorted().toList() + "; they must be the same");
        }
    }
}
