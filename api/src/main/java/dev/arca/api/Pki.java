package dev.arca.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The PKI engine's wire records ({@code docs/API-pki.md}), mounted in every vault at {@code /v1/vaults/{vault}/pki/…}:
 * issuers (CAs), roles, certificates issued and signed against a role, CSRs awaiting approval, validation,
 * revocation, CRLs and OCSP. Certificates, CSRs and chains travel as PEM text; serial numbers as colon hex
 * ({@code 3a:1f:…}, as OpenSSL prints them). Key types are {@code ec} (bits 256 or 384), {@code rsa} (2048, 3072 or
 * 4096) and {@code ed25519}; durations are {@link Durations} text.
 */
public final class Pki {
    private Pki() {}

    /** The URLs put in every certificate an issuer signs: AIA (CA certificate and OCSP) and CRL distribution points. */
    public record Urls(@Nullable List<String> issuingCertificates, @Nullable List<String> crlDistributionPoints,
            @Nullable List<String> ocspServers) {
        public static Urls none() {
            return new Urls(List.of(), List.of(), List.of());
        }
    }

    /** The subject of a CA or CSR besides its common name; every part optional. */
    public record Subject(@Nullable String organization, @Nullable String organizationalUnit,
            @Nullable String country, @Nullable String province, @Nullable String locality) {}

    /**
     * A CA of a vault.
     *
     * @param kind {@code root} (self-signed), {@code intermediate} (signed by another CA) or {@code external}
     *     (imported without its key: used only to validate)
     * @param state {@code active}, or {@code pending} for an intermediate whose signed certificate was not set yet
     * @param certificate PEM; null while pending
     * @param caChain the issuer's certificate then its parents' up to the root, PEM; empty while pending
     * @param leafNotAfterBehavior {@code err} (refuse a TTL past the issuer's not-after) or {@code truncate} (clamp)
     */
    public record Issuer(String id, String name, boolean isDefault, String kind, String state, @Nullable String keyType,
            @Nullable Integer keyBits, boolean exportable, @Nullable String certificate, List<String> caChain,
            @Nullable String serialNumber, @Nullable String subject, @Nullable Instant notBefore,
            @Nullable Instant notAfter, Urls urls, String leafNotAfterBehavior, Instant createdAt) {}

    /**
     * {@code POST …/pki/issuers/root}: a self-signed CA whose key is made in the vault. Defaults: {@code ec} 256,
     * {@code ttl} 3650d, not exportable, no path length limit, the vault's default when it has none.
     */
    public record GenerateRoot(String name, String commonName, @Nullable Subject subject, @Nullable String keyType,
            @Nullable Integer keyBits, @Nullable String ttl, @Nullable Integer maxPathLength,
            @Nullable Boolean exportable, @Nullable List<String> permittedDnsDomains, @Nullable Urls urls,
            @Nullable String leafNotAfterBehavior) {}

    /**
     * {@code POST …/pki/issuers/intermediate}: a pending issuer whose key is made (and stays) in the vault; the answer
     * carries its CSR, to be signed by an Arca root ({@code …/issuers/{root}/sign-intermediate}) or outside, then set
     * with {@code …/issuers/{name}/signed}.
     */
    public record GenerateIntermediate(String name, String commonName, @Nullable Subject subject,
            @Nullable String keyType, @Nullable Integer keyBits, @Nullable Boolean exportable, @Nullable Urls urls,
            @Nullable String leafNotAfterBehavior) {}

    /** The answer of {@link GenerateIntermediate}. */
    public record IntermediateRequest(Issuer issuer, String csr) {}

    /** {@code POST …/pki/issuers/{issuer}/signed}: the pending issuer's certificate, PEM, optionally followed by its chain. */
    public record SetSigned(String certificate) {}

    /**
     * {@code POST …/pki/issuers/{issuer}/sign-intermediate}: sign another CA's CSR (its key stays with it).
     * Defaults: the CSR's common name, {@code ttl} 1825d (clamped to this issuer's not-after), path length one less
     * than this issuer's.
     */
    public record SignIntermediate(String csr, @Nullable String commonName, @Nullable String ttl,
            @Nullable Integer maxPathLength, @Nullable List<String> permittedDnsDomains) {}

    /**
     * {@code POST …/pki/issuers/import}: an outside CA, PEM certificate (then its chain), with its private key (PEM,
     * PKCS#8 or traditional) to issue with, or without one to validate against only.
     */
    public record Import(String name, String certificate, @Nullable SecretText privateKey,
            @Nullable Boolean exportable) {}

    /** {@code PATCH …/pki/issuers/{issuer}}: any part given replaces the issuer's. */
    public record UpdateIssuer(@Nullable Urls urls, @Nullable String leafNotAfterBehavior,
            @Nullable Boolean makeDefault) {}

    /** {@code GET …/pki/issuers/{issuer}/export}: the CA's key, PEM PKCS#8, only for an issuer created exportable. */
    public record IssuerKey(String issuer, SecretText privateKey) {}

    /**
     * A role: what certificates issued or signed against it may say. Names are checked against
     * {@code allowedDomains}: {@code allowBareDomains} lets a listed domain itself be a name, {@code allowSubdomains}
     * any name under it, {@code allowGlobDomains} a listed domain be a glob ({@code *.svc.example.com}),
     * {@code allowWildcardCertificates} a name be {@code *.something} the other switches allow; {@code allowAnyName}
     * skips the list. URI, email and other SANs are refused unless their own lists allow them.
     *
     * @param issuer the issuer it signs with by name or id; null for the vault's default
     * @param keyType {@code ec}, {@code rsa}, {@code ed25519} or {@code any}, for generated and submitted keys
     * @param keyBits the key size issued keys get, and the least a CSR's key may have (0: the type's default)
     * @param keyUsage {@code digital_signature}, {@code key_encipherment}, {@code key_agreement}, …
     * @param extKeyUsage {@code server_auth}, {@code client_auth}, {@code code_signing}, {@code email_protection}
     * @param notBeforeDuration how far back not-before is put, against clock skew
     * @param noStore issued certificates are not kept (they can still be revoked by presenting them)
     * @param generateLease issuance answers a lease whose end revokes the certificate
     */
    public record Role(String name, @Nullable String issuer, List<String> allowedDomains, boolean allowBareDomains,
            boolean allowSubdomains, boolean allowGlobDomains, boolean allowWildcardCertificates,
            boolean allowLocalhost, boolean allowAnyName, boolean allowIpSans, boolean enforceHostnames,
            List<String> allowedUriSans, List<String> allowedEmailSans, List<String> allowedOtherSans,
            String keyType, int keyBits, String ttl, String maxTtl, List<String> keyUsage, List<String> extKeyUsage,
            String notBeforeDuration, boolean noStore, boolean generateLease, boolean requireCn,
            boolean useCsrCommonName, boolean useCsrSans, Subject subject, Instant updatedAt) {}

    /**
     * {@code PUT …/pki/roles/{role}}: the whole role (a field left out takes its default). Defaults: no domains,
     * every switch off but {@code allowWildcardCertificates}, {@code enforceHostnames}, {@code requireCn},
     * {@code useCsrCommonName} and {@code useCsrSans}; key {@code ec} 256; ttl 24h; max ttl 30d; key usage
     * digital_signature and key_encipherment; ext key usage server_auth; not-before 30s back.
     */
    public record RoleWrite(@Nullable String issuer, @Nullable List<String> allowedDomains,
            @Nullable Boolean allowBareDomains, @Nullable Boolean allowSubdomains, @Nullable Boolean allowGlobDomains,
            @Nullable Boolean allowWildcardCertificates, @Nullable Boolean allowLocalhost,
            @Nullable Boolean allowAnyName, @Nullable Boolean allowIpSans, @Nullable Boolean enforceHostnames,
            @Nullable List<String> allowedUriSans, @Nullable List<String> allowedEmailSans,
            @Nullable List<String> allowedOtherSans, @Nullable String keyType, @Nullable Integer keyBits,
            @Nullable String ttl, @Nullable String maxTtl, @Nullable List<String> keyUsage,
            @Nullable List<String> extKeyUsage, @Nullable String notBeforeDuration, @Nullable Boolean noStore,
            @Nullable Boolean generateLease, @Nullable Boolean requireCn, @Nullable Boolean useCsrCommonName,
            @Nullable Boolean useCsrSans, @Nullable Subject subject) {}

    /**
     * {@code POST …/pki/issue/{role}}: a key made in the vault and a certificate for it.
     *
     * @param altNames DNS names and email addresses besides the common name
     * @param otherSans {@code oid;UTF8:value}
     * @param format {@code pem} (default), {@code der} (base64 DER) or {@code pem_bundle} (certificate, key and chain
     *     in {@code certificate})
     * @param excludeCnFromSans leave the common name out of the DNS SANs
     */
    public record Issue(@Nullable String commonName, @Nullable List<String> altNames, @Nullable List<String> ipSans,
            @Nullable List<String> uriSans, @Nullable List<String> otherSans, @Nullable String ttl,
            @Nullable String format, @Nullable Boolean excludeCnFromSans) {}

    /**
     * {@code POST …/pki/sign/{role}}: a certificate for the key of a PKCS#10 CSR (PEM); names from the CSR when the
     * role says {@code useCsrCommonName}/{@code useCsrSans}, else from the request.
     */
    public record Sign(String csr, @Nullable String commonName, @Nullable List<String> altNames,
            @Nullable List<String> ipSans, @Nullable List<String> uriSans, @Nullable List<String> otherSans,
            @Nullable String ttl, @Nullable String format, @Nullable Boolean excludeCnFromSans) {}

    /**
     * A certificate as issuance answers it.
     *
     * @param privateKey PEM PKCS#8, only when the vault made the key ({@link Issue})
     * @param issuingCa the issuer's certificate
     * @param caChain the issuer's certificate then its parents' up to the root
     * @param leaseId the lease whose end revokes it, when the role says {@code generateLease}
     */
    public record Issued(String certificate, @Nullable SecretText privateKey, @Nullable String privateKeyType,
            String issuingCa, List<String> caChain, String serialNumber, Instant expiration,
            @Nullable String leaseId) {}

    /**
     * A stored certificate (one issued by a role without {@code noStore}, or a CA's own).
     *
     * @param revocationReason RFC 5280 reason name ({@code key_compromise}, {@code superseded}, …)
     */
    public record Certificate(String serialNumber, String issuerId, @Nullable String role, String commonName,
            Instant notBefore, Instant notAfter, @Nullable Instant revokedAt, @Nullable String revocationReason,
            String certificate) {}

    /** One stored certificate in a listing. */
    public record CertificateSummary(String serialNumber, String issuerId, String commonName, Instant notAfter,
            @Nullable Instant revokedAt) {}

    /**
     * {@code POST …/pki/revoke}: exactly one of the serial number (colon hex) and the certificate (PEM, also for one
     * never stored). Reason default {@code unspecified}.
     */
    public record Revoke(@Nullable String serialNumber, @Nullable String certificate, @Nullable String reason) {}

    /** The answer of {@link Revoke}; revoking again answers the first revocation. */
    public record Revoked(String serialNumber, String issuerId, Instant revocationTime, String reason) {}

    /**
     * {@code POST …/pki/tidy}: remove certificates and revocation entries whose not-after is older than
     * {@code safetyBuffer} (default 72h).
     */
    public record Tidy(@Nullable Boolean certificates, @Nullable Boolean revokedCertificates,
            @Nullable String safetyBuffer) {}

    public record Tidied(int certificatesRemoved, int revocationsRemoved) {}

    /**
     * How an issuer's CRLs are built: a full CRL every {@code expiry} minus a margin (and when asked), a delta CRL of
     * the revocations since every {@code deltaInterval}; never a full rebuild on each revocation.
     */
    public record CrlConfig(String expiry, String deltaInterval, boolean disabled) {}

    /** {@code PUT …/pki/config/crl}; a part left out keeps its value. */
    public record CrlConfigWrite(@Nullable String expiry, @Nullable String deltaInterval, @Nullable Boolean disabled) {}

    /** A CRL built ({@code POST …/pki/crl/rotate}). */
    public record CrlBuilt(String issuerId, long number, boolean delta, int entries, Instant thisUpdate,
            Instant nextUpdate) {}

    /**
     * A CSR held by the vault.
     *
     * @param origin {@code generated} (its key was made in and stays in the vault) or {@code imported}
     * @param state {@code pending} (imported, awaiting a decision), {@code approved}, {@code rejected} or
     *     {@code signed}; a generated CSR starts {@code approved}
     * @param serialNumber the certificate it was signed into, once {@code signed}
     */
    public record Csr(String id, String origin, String state, String commonName, List<String> dnsNames,
            List<String> ipAddresses, String keyType, int keyBits, String csr, String createdBy, Instant createdAt,
            @Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String reason,
            @Nullable String serialNumber, @Nullable String certificate) {}

    /** {@code POST …/pki/csrs/generate}: a key made in the vault and a CSR for it. Default key {@code ec} 256. */
    public record GenerateCsr(String commonName, @Nullable Subject subject, @Nullable List<String> dnsNames,
            @Nullable List<String> ipAddresses, @Nullable String keyType, @Nullable Integer keyBits,
            @Nullable Boolean exportable) {}

    /** {@code POST …/pki/csrs}: an outside CSR (PEM), kept {@code pending} until someone else approves it. */
    public record ImportCsr(String csr, @Nullable String comment) {}

    /** {@code POST …/pki/csrs/{id}/approve} and {@code …/reject}. */
    public record Decision(@Nullable String reason) {}

    /**
     * {@code POST …/pki/csrs/{id}/sign}: an approved CSR signed by an issuer (default the vault's), as an end-entity
     * certificate for its names. Defaults: ttl 30d, ext key usage server_auth.
     */
    public record SignCsr(@Nullable String issuer, @Nullable String ttl, @Nullable List<String> extKeyUsage) {}

    /** {@code GET …/pki/csrs/{id}/key}: the key of a generated CSR created exportable. */
    public record CsrKey(String id, SecretText privateKey) {}

    /**
     * {@code POST …/pki/validate}: a certificate (PEM), checked against a chain (PEM, its issuer first; default the
     * vault's issuers as trust anchors) for a purpose, optionally a host name, and revocation.
     *
     * @param purpose {@code server_auth}, {@code client_auth}, {@code code_signing} or {@code any} (default)
     * @param crl a CRL (PEM) to check against, for an issuer that is not Arca's
     * @param checkRevocation default true
     */
    public record Validate(String certificate, @Nullable List<String> chain, @Nullable String purpose,
            @Nullable String hostname, @Nullable String crl, @Nullable Boolean checkRevocation) {}

    /**
     * The answer of {@link Validate}: {@code valid} only when {@code errors} is empty.
     *
     * @param errors what is wrong, each a code ({@code expired}, {@code not_yet_valid}, {@code bad_signature},
     *     {@code untrusted}, {@code revoked}, {@code key_usage}, {@code name_mismatch}, {@code name_constraints},
     *     {@code revocation_unknown}, {@code malformed}) and a sentence a person can act on
     */
    public record Validation(boolean valid, List<Problem> errors, @Nullable String subject,
            @Nullable String serialNumber, @Nullable String issuer, @Nullable Instant notBefore,
            @Nullable Instant notAfter) {}

    public record Problem(String code, String message) {}
}
