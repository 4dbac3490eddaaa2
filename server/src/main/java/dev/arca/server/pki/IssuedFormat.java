package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How an issuance answers its certificate ({@code format}), as OpenBao does: {@code pem} (default), {@code der}
 * (base64 DER in {@code certificate}, {@code issuing_ca}, {@code ca_chain} and {@code private_key}) or
 * {@code pem_bundle} ({@code certificate} holds the certificate, then the key when the vault made it, then the
 * chain, all PEM).
 */
enum IssuedFormat {
    PEM, DER, PEM_BUNDLE;

    static IssuedFormat parse(@Nullable String format) {
        if (format == null) {
            return PEM;
        }
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "pem" -> PEM;
            case "der" -> DER;
            case "pem_bundle" -> PEM_BUNDLE;
            default -> throw ArcaException.invalid("format", "format is pem, der or pem_bundle");
        };
    }

    /** The answer for a certificate of {@code issuer}, with the key when the vault made it. */
    Pki.Issued answer(SigningIssuer issuer, X509Certificate certificate, @Nullable PrivateKey key) {
        Pki.Issued pem = IssuerService.issued(issuer, certificate, key);
        return switch (this) {
            case PEM -> pem;
            case DER -> {
                List<String> chain = issuer.chain().stream().map(IssuedFormat::base64).toList();
                yield new Pki.Issued(base64(certificate), key == null ? null
                        : SecretText.of(Base64.getEncoder().encodeToString(key.getEncoded())), pem.privateKeyType(),
                        chain.get(0), chain, pem.serialNumber(), pem.expiration(), pem.leaseId());
            }
            case PEM_BUNDLE -> {
                String bundle = pem.certificate() + (key == null ? "" : Pem.encode(key)) + Pem.encode(issuer.chain());
                yield new Pki.Issued(bundle, pem.privateKey(), pem.privateKeyType(), pem.issuingCa(), pem.caChain(),
                        pem.serialNumber(), pem.expiration(), pem.leaseId());
            }
        };
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
