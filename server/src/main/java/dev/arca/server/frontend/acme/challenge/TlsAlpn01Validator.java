package dev.arca.server.frontend.acme.challenge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.ASN1OctetString;
import org.xbill.DNS.ReverseMap;

/**
 * {@code tls-alpn-01} (RFC 8737): a TLS handshake to the identifier's address on the configured port, offering only
 * the ALPN protocol {@code acme-tls/1} and naming the identifier in SNI (an IP address by its reverse-DNS name, RFC
 * 8738 §6). The certificate presented must be for exactly that one identifier and carry the critical
 * {@code id-pe-acmeIdentifier} extension holding SHA-256 of the key authorization.
 *
 * <p>Guarantees: it connects only to addresses {@link ChallengeTargets} allows, trying each until one answers; the
 * certificate is never trusted for anything (any issuer is accepted, it is only inspected); nothing is sent after
 * the handshake.
 */
final class TlsAlpn01Validator implements ChallengeValidator {
    static final String ACME_TLS_1 = "acme-tls/1";
    static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final ChallengeTargets targets;
    private final int port;
    private final Duration timeout;

    TlsAlpn01Validator(ChallengeTargets targets, int port) {
        this(targets, port, TIMEOUT);
    }

    /** With another timeout per handshake: tests make it short. */
    TlsAlpn01Validator(ChallengeTargets targets, int port, Duration timeout) {
        this.targets = targets;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return "tls-alpn-01";
    }

    @Override
    public void validate(AcmeIdentifier identifier, String token, String keyAuthorization)
            throws ChallengeFailedException {
        List<InetAddress> addresses = targets.addresses(identifier.value());
        String serverName = AcmeIdentifier.IP.equals(identifier.type())
                ? ReverseMap.fromAddress(InetAddress.ofLiteral(identifier.value())).toString(true) : identifier.value();
        X509Certificate certificate = handshake(addresses, serverName);
        checkNames(certificate, identifier);
        checkDigest(certificate, keyAuthorization);
    }

    private X509Certificate handshake(List<InetAddress> addresses, String serverName)
            throws ChallengeFailedException {
        ChallengeFailedException last = null;
        for (InetAddress address : addresses) {
            try {
                return handshake(new InetSocketAddress(address, port), serverName);
            } catch (ChallengeFailedException e) {
                if (!"connection".equals(e.problemType())) {
                    throw e;
                }
                last = e;
            }
        }
        throw last == null ? new ChallengeFailedException("connection", "no address to connect to") : last;
    }

    private X509Certificate handshake(InetSocketAddress address, String serverName) throws ChallengeFailedException {
        var captured = new CapturingTrustManager();
        String where = address.getAddress().getHostAddress() + " port " + port;
        try (Socket plain = new Socket()) {
            plain.connect(address, (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            var factory = CapturingTrustManager.context(captured).getSocketFactory();
            try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, serverName, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                parameters.setApplicationProtocols(new String[] {ACME_TLS_1});
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                if (!ACME_TLS_1.equals(tls.getApplicationProtocol())) {
                    throw new ChallengeFailedException("tls", where + " did not negotiate the ALPN protocol "
                            + ACME_TLS_1);
                }
            }
        } catch (SSLException e) {
            throw new ChallengeFailedException("tls", "the TLS handshake with " + where + " failed: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            throw new ChallengeFailedException("connection", where + " did not answer within " + timeout.toSeconds()
                    + " s");
        } catch (IOException e) {
            throw new ChallengeFailedException("connection", "cannot connect to " + where + ": " + e.getMessage());
        }
        X509Certificate leaf = captured.leaf();
        if (leaf == null) {
            throw new ChallengeFailedException("tls", where + " presented no certificate");
        }
        return leaf;
    }

    private static void checkNames(X509Certificate certificate, AcmeIdentifier identifier)
            throws ChallengeFailedException {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new ChallengeFailedException("incorrectResponse", "the certificate's subject alternative names "
                    + "cannot be read: " + e.getMessage());
        }
        if (names == null || names.size() != 1 || !names(names.iterator().next(), identifier)) {
            throw new ChallengeFailedException("incorrectResponse", "the certificate must name exactly "
                    + identifier.value() + " as its one subject alternative name; it names "
                    + (names == null ? "none" : names.stream().map(name -> String.valueOf(name.get(1))).toList()));
        }
    }

    private static boolean names(List<?> name, AcmeIdentifier identifier) {
        int kind = (Integer) name.get(0);
        String value = String.valueOf(name.get(1));
        if (AcmeIdentifier.IP.equals(identifier.type())) {
            return kind == IP_ADDRESS
                    && InetAddress.ofLiteral(value).equals(InetAddress.ofLiteral(identifier.value()));
        }
        return kind == DNS_NAME && value.equalsIgnoreCase(identifier.value());
    }

    private static void checkDigest(X509Certificate certificate, String keyAuthorization)
            throws ChallengeFailedException {
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        byte[] extension = certificate.getExtensionValue(ACME_IDENTIFIER_OID);
        if (extension == null || critical == null || !critical.contains(ACME_IDENTIFIER_OID)) {
            throw new ChallengeFailedException("incorrectResponse", "the certificate has no critical "
                    + "id-pe-acmeIdentifier extension (" + ACME_IDENTIFIER_OID + ")");
        }
        byte[] digest;
        try {
            digest = ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();
        } catch (IllegalArgumentException e) {
            throw new ChallengeFailedException("incorrectResponse", "the id-pe-acmeIdentifier extension is not an "
                    + "OCTET STRING");
        }
        if (!MessageDigest.isEqual(digest, KeyAuthorizationDigest.of(keyAuthorization))) {
            throw new ChallengeFailedException("incorrectResponse", "the id-pe-acmeIdentifier extension holds a "
                    + "digest other than SHA-256 of the key authorization \"" + keyAuthorization + "\"");
        }
    }
}
