package dev.arca.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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

    private static @Nullable String durationOrNull(@Nullable Duration duration) {
        return duration == null ? null : Durations.format(duration);
    }

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
            @Nullable String leafNotAfterBehavior) {
        /** A root named {@code name} whose subject's common name is {@code commonName}; the rest as set. */
        public static Builder builder(String name, String commonName) {
            return new Builder(name, commonName);
        }

        /** Builds a {@link GenerateRoot}, the validity as a {@link Duration}; what is not set is the server's. */
        public static final class Builder {
            private final String name;
            private final String commonName;
            private @Nullable Subject subject;
            private @Nullable String keyType;
            private @Nullable Integer keyBits;
            private @Nullable Duration ttl;
            private @Nullable Integer maxPathLength;
            private @Nullable Boolean exportable;
            private @Nullable List<String> permittedDnsDomains;
            private @Nullable Urls urls;
            private @Nullable String leafNotAfterBehavior;

            private Builder(String name, String commonName) {
                this.name = Objects.requireNonNull(name, "name");
                this.commonName = Objects.requireNonNull(commonName, "commonName");
            }

            public Builder subject(Subject subject) {
                this.subject = subject;
                return this;
            }

        /**
         * The key: {@code ec} (bits 256 or 384), {@code rsa} (2048, 3072 or 4096) or {@code ed25519} (bits null);
         * null bits for the type's default.
         */
            public Builder key(String keyType, @Nullable Integer keyBits) {
                this.keyType = Objects.requireNonNull(keyType, "keyType");
                this.keyBits = keyBits;
                return this;
            }

            /** How long the root is valid (default 3650d). */
            public Builder ttl(Duration ttl) {
                this.ttl = ttl;
                return this;
            }

            /** How many intermediates may follow it (default: no limit). */
            public Builder maxPathLength(int maxPathLength) {
                this.maxPathLength = maxPathLength;
                return this;
            }

            /** Whether its key may ever be exported; cannot be changed later. */
            public Builder exportable(boolean exportable) {
                this.exportable = exportable;
                return this;
            }

            /** The only DNS domains certificates under it may name (a name constraint). */
            public Builder permittedDnsDomains(List<String> domains) {
                this.permittedDnsDomains = List.copyOf(domains);
                return this;
            }

            /** The AIA, CRL and OCSP URLs put in what it signs. */
            public Builder urls(Urls urls) {
                this.urls = urls;
                return this;
            }

            /** {@code err} (refuse a TTL past its not-after) or {@code truncate} (clamp it). */
            public Builder leafNotAfterBehavior(String behavior) {
                this.leafNotAfterBehavior = behavior;
                return this;
            }

            public GenerateRoot build() {
                return new GenerateRoot(name, commonName, subject, keyType, keyBits, durationOrNull(ttl),
                        maxPathLength, exportable, permittedDnsDomains, urls, leafNotAfterBehavior);
            }
        }
    }

    /**
     * {@code POST …/pki/issuers/intermediate}: a pending issuer whose key is made (and stays) in the vault; the answer
     * carries its CSR, to be signed by an Arca root ({@code …/issuers/{root}/sign-intermediate}) or outside, then set
     * with {@code …/issuers/{name}/signed}.
     */
    public record GenerateIntermediate(String name, String commonName, @Nullable Subject subject,
            @Nullable String keyType, @Nullable Integer keyBits, @Nullable Boolean exportable, @Nullable Urls urls,
            @Nullable String leafNotAfterBehavior) {
        /** A pending intermediate named {@code name} for {@code commonName}; the rest as set. */
        public static Builder builder(String name, String commonName) {
            return new Builder(name, commonName);
        }

        /** Builds a {@link GenerateIntermediate}; what is not set is the server's default. */
        public static final class Builder {
            private final String name;
            private final String commonName;
            private @Nullable Subject subject;
            private @Nullable String keyType;
            private @Nullable Integer keyBits;
            private @Nullable Boolean exportable;
            private @Nullable Urls urls;
            private @Nullable String leafNotAfterBehavior;

            private Builder(String name, String commonName) {
                this.name = Objects.requireNonNull(name, "name");
                this.commonName = Objects.requireNonNull(commonName, "commonName");
            }

            public Builder subject(Subject subject) {
                this.subject = subject;
                return this;
            }

        /**
         * The key: {@code ec} (bits 256 or 384), {@code rsa} (2048, 3072 or 4096) or {@code ed25519} (bits null);
         * null bits for the type's default.
         */
            public Builder key(String keyType, @Nullable Integer keyBits) {
                this.keyType = Objects.requireNonNull(keyType, "keyType");
                this.keyBits = keyBits;
                return this;
            }

            /** Whether its key may ever be exported; cannot be changed later. */
            public Builder exportable(boolean exportable) {
                this.exportable = exportable;
                return this;
            }

            /** The AIA, CRL and OCSP URLs put in what it signs. */
            public Builder urls(Urls urls) {
                this.urls = urls;
                return this;
            }

            /** {@code err} (refuse a TTL past its not-after) or {@code truncate} (clamp it). */
            public Builder leafNotAfterBehavior(String behavior) {
                this.leafNotAfterBehavior = behavior;
                return this;
            }

            public GenerateIntermediate build() {
                return new GenerateIntermediate(name, commonName, subject, keyType, keyBits, exportable, urls,
                        leafNotAfterBehavior);
            }
        }
    }

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
            @Nullable Integer maxPathLength, @Nullable List<String> permittedDnsDomains) {
        /** The CSR with every default: its own common name, ttl 1825d, path length one less than the signer's. */
        public static SignIntermediate of(String csr) {
            return new SignIntermediate(csr, null, null, null, null);
        }

        /** This request with the certificate valid for {@code ttl}. */
        public SignIntermediate withTtl(Duration ttl) {
            return new SignIntermediate(csr, commonName, Durations.format(ttl), maxPathLength, permittedDnsDomains);
        }

        /** This request with the certificate's common name instead of the CSR's. */
        public SignIntermediate withCommonName(String commonName) {
            return new SignIntermediate(csr, commonName, ttl, maxPathLength, permittedDnsDomains);
        }

        /** This request with how many CAs may follow the intermediate. */
        public SignIntermediate withMaxPathLength(int maxPathLength) {
            return new SignIntermediate(csr, commonName, ttl, maxPathLength, permittedDnsDomains);
        }

        /** This request with the only DNS domains certificates under the intermediate may name. */
        public SignIntermediate withPermittedDnsDomains(List<String> domains) {
            return new SignIntermediate(csr, commonName, ttl, maxPathLength, List.copyOf(domains));
        }
    }

    /**
     * {@code POST …/pki/issuers/import}: an outside CA, PEM certificate (then its chain), with its private key (PEM,
     * PKCS#8 or traditional) to issue with, or without one to validate against only.
     */
    public record Import(String name, String certificate, @Nullable SecretText privateKey,
            @Nullable Boolean exportable) {
        /** A CA to validate against only: its certificate (then its chain), no key. */
        public static Import certificateOnly(String name, String certificate) {
            return new Import(name, certificate, null, null);
        }

        /** A CA to issue with: its certificate and private key (PEM), not exportable. */
        public static Import withKey(String name, String certificate, SecretText privateKey) {
            return new Import(name, certificate, Objects.requireNonNull(privateKey, "privateKey"), null);
        }

        /** This import with the key exportable, or not, for good. */
        public Import withExportable(boolean exportable) {
            return new Import(name, certificate, privateKey, exportable);
        }
    }

    /** {@code PATCH …/pki/issuers/{issuer}}: any part given replaces the issuer's. */
    public record UpdateIssuer(@Nullable Urls urls, @Nullable String leafNotAfterBehavior,
            @Nullable Boolean makeDefault) {
        /** Replaces the URLs only. */
        public static UpdateIssuer urls(Urls urls) {
            return new UpdateIssuer(Objects.requireNonNull(urls, "urls"), null, null);
        }

        /** Changes what a TTL past the issuer's not-after does only: {@code err} or {@code truncate}. */
        public static UpdateIssuer leafNotAfterBehavior(String behavior) {
            return new UpdateIssuer(null, Objects.requireNonNull(behavior, "behavior"), null);
        }

        /** Makes the issuer the vault's default only. */
        public static UpdateIssuer toDefault() {
            return new UpdateIssuer(null, null, true);
        }

        public UpdateIssuer withUrls(Urls urls) {
            return new UpdateIssuer(urls, leafNotAfterBehavior, makeDefault);
        }

        public UpdateIssuer withLeafNotAfterBehavior(String behavior) {
            return new UpdateIssuer(urls, behavior, makeDefault);
        }

        public UpdateIssuer withMakeDefault(boolean makeDefault) {
            return new UpdateIssuer(urls, leafNotAfterBehavior, makeDefault);
        }
    }

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
            @Nullable Boolean useCsrSans, @Nullable Subject subject) {
        /** A role with every default: no domains allowed yet; set what it may issue. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link RoleWrite}; what is not set is left to the server's default. */
        public static final class Builder {
            private @Nullable String issuer;
            private @Nullable List<String> allowedDomains;
            private @Nullable Boolean allowBareDomains;
            private @Nullable Boolean allowSubdomains;
            private @Nullable Boolean allowGlobDomains;
            private @Nullable Boolean allowWildcardCertificates;
            private @Nullable Boolean allowLocalhost;
            private @Nullable Boolean allowAnyName;
            private @Nullable Boolean allowIpSans;
            private @Nullable Boolean enforceHostnames;
            private @Nullable List<String> allowedUriSans;
            private @Nullable List<String> allowedEmailSans;
            private @Nullable List<String> allowedOtherSans;
            private @Nullable String keyType;
            private @Nullable Integer keyBits;
            private @Nullable Duration ttl;
            private @Nullable Duration maxTtl;
            private @Nullable List<String> keyUsage;
            private @Nullable List<String> extKeyUsage;
            private @Nullable Duration notBeforeDuration;
            private @Nullable Boolean noStore;
            private @Nullable Boolean generateLease;
            private @Nullable Boolean requireCn;
            private @Nullable Boolean useCsrCommonName;
            private @Nullable Boolean useCsrSans;
            private @Nullable Subject subject;

            private Builder() {
            }

            /** The issuer it signs with, by name or id (default: the vault's default issuer). */
            public Builder issuer(String issuer) {
                this.issuer = issuer;
                return this;
            }

            /** The domains names are checked against. */
            public Builder allowedDomains(List<String> allowedDomains) {
                this.allowedDomains = List.copyOf(allowedDomains);
                return this;
            }

            /** A listed domain itself may be a name. */
            public Builder allowBareDomains(boolean allowBareDomains) {
                this.allowBareDomains = allowBareDomains;
                return this;
            }

            /** Any name under a listed domain may be a name. */
            public Builder allowSubdomains(boolean allowSubdomains) {
                this.allowSubdomains = allowSubdomains;
                return this;
            }

            /** A listed domain may be a glob ({@code *.svc.example.com}). */
            public Builder allowGlobDomains(boolean allowGlobDomains) {
                this.allowGlobDomains = allowGlobDomains;
                return this;
            }

            /** A name may be {@code *.something} the other switches allow (default true). */
            public Builder allowWildcardCertificates(boolean allowWildcardCertificates) {
                this.allowWildcardCertificates = allowWildcardCertificates;
                return this;
            }

            /** {@code localhost} may be a name. */
            public Builder allowLocalhost(boolean allowLocalhost) {
                this.allowLocalhost = allowLocalhost;
                return this;
            }

            /** Any name, the domain list skipped. */
            public Builder allowAnyName(boolean allowAnyName) {
                this.allowAnyName = allowAnyName;
                return this;
            }

            /** IP addresses may be subject alternative names. */
            public Builder allowIpSans(boolean allowIpSans) {
                this.allowIpSans = allowIpSans;
                return this;
            }

            /** Names must be valid host names (default true). */
            public Builder enforceHostnames(boolean enforceHostnames) {
                this.enforceHostnames = enforceHostnames;
                return this;
            }

            public Builder allowedUriSans(List<String> allowedUriSans) {
                this.allowedUriSans = List.copyOf(allowedUriSans);
                return this;
            }

            public Builder allowedEmailSans(List<String> allowedEmailSans) {
                this.allowedEmailSans = List.copyOf(allowedEmailSans);
                return this;
            }

            public Builder allowedOtherSans(List<String> allowedOtherSans) {
                this.allowedOtherSans = List.copyOf(allowedOtherSans);
                return this;
            }

            /** {@code ec}, {@code rsa}, {@code ed25519} or {@code any} (default {@code ec}). */
            public Builder keyType(String keyType) {
                this.keyType = keyType;
                return this;
            }

            /** The size of generated keys and the least a CSR's key may have (0: the type's default). */
            public Builder keyBits(int keyBits) {
                this.keyBits = keyBits;
                return this;
            }

            /** How long certificates are valid when the request does not say (default 24h). */
            public Builder ttl(Duration ttl) {
                this.ttl = ttl;
                return this;
            }

            /** The longest validity a request may ask for (default 30d). */
            public Builder maxTtl(Duration maxTtl) {
                this.maxTtl = maxTtl;
                return this;
            }

            /** {@code digital_signature}, {@code key_encipherment}, {@code key_agreement}, … */
            public Builder keyUsage(List<String> keyUsage) {
                this.keyUsage = List.copyOf(keyUsage);
                return this;
            }

            /** {@code server_auth}, {@code client_auth}, {@code code_signing}, {@code email_protection}. */
            public Builder extKeyUsage(List<String> extKeyUsage) {
                this.extKeyUsage = List.copyOf(extKeyUsage);
                return this;
            }

            /** How far back not-before is put, against clock skew (default 30s). */
            public Builder notBeforeDuration(Duration notBeforeDuration) {
                this.notBeforeDuration = notBeforeDuration;
                return this;
            }

            /** Issued certificates are not kept (they can still be revoked by presenting them). */
            public Builder noStore(boolean noStore) {
                this.noStore = noStore;
                return this;
            }

            /** Issuance answers a lease whose end revokes the certificate. */
            public Builder generateLease(boolean generateLease) {
                this.generateLease = generateLease;
                return this;
            }

            public Builder requireCn(boolean requireCn) {
                this.requireCn = requireCn;
                return this;
            }

            public Builder useCsrCommonName(boolean useCsrCommonName) {
                this.useCsrCommonName = useCsrCommonName;
                return this;
            }

            public Builder useCsrSans(boolean useCsrSans) {
                this.useCsrSans = useCsrSans;
                return this;
            }

            public Builder subject(Subject subject) {
                this.subject = subject;
                return this;
            }


            public RoleWrite build() {
                return new RoleWrite(issuer, allowedDomains, allowBareDomains, allowSubdomains, allowGlobDomains,
                        allowWildcardCertificates, allowLocalhost, allowAnyName, allowIpSans, enforceHostnames,
                        allowedUriSans, allowedEmailSans, allowedOtherSans, keyType, keyBits, durationOrNull(ttl),
                        durationOrNull(maxTtl), keyUsage, extKeyUsage, durationOrNull(notBeforeDuration), noStore,
                        generateLease, requireCn, useCsrCommonName, useCsrSans, subject);
            }
        }
    }

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
            @Nullable String format, @Nullable Boolean excludeCnFromSans) {
        /** A certificate for {@code commonName}, the key made in the vault; the rest as set. */
        public static Builder builder(String commonName) {
            return new Builder(commonName);
        }

        /** Builds a {@link Issue}; what is not set is left to the server's default. */
        public static final class Builder extends NamesBuilder<Builder> {
            private final String commonName;

            private Builder(String commonName) {
                this.commonName = Objects.requireNonNull(commonName, "commonName");
            }

            @Override
            Builder self() {
                return this;
            }

            public Issue build() {
                return new Issue(commonName, altNames, ipSans, uriSans, otherSans, durationOrNull(ttl), format,
                        excludeCnFromSans);
            }
        }
    }

    /**
     * {@code POST …/pki/sign/{role}}: a certificate for the key of a PKCS#10 CSR (PEM); names from the CSR when the
     * role says {@code useCsrCommonName}/{@code useCsrSans}, else from the request.
     */
    public record Sign(String csr, @Nullable String commonName, @Nullable List<String> altNames,
            @Nullable List<String> ipSans, @Nullable List<String> uriSans, @Nullable List<String> otherSans,
            @Nullable String ttl, @Nullable String format, @Nullable Boolean excludeCnFromSans) {
        /** A certificate for the key of {@code csr} (PEM); names from the CSR or as set. */
        public static Builder builder(String csr) {
            return new Builder(csr);
        }

        /** Builds a {@link Sign}; what is not set is left to the server's default. */
        public static final class Builder extends NamesBuilder<Builder> {
            private final String csr;
            private @Nullable String commonName;

            private Builder(String csr) {
                this.csr = Objects.requireNonNull(csr, "csr");
            }

            /** The common name, when the role does not take the CSR's. */
            public Builder commonName(String commonName) {
                this.commonName = commonName;
                return this;
            }

            @Override
            Builder self() {
                return this;
            }

            public Sign build() {
                return new Sign(csr, commonName, altNames, ipSans, uriSans, otherSans, durationOrNull(ttl), format,
                        excludeCnFromSans);
            }
        }
    }

    /**
     * What {@link Issue.Builder} and {@link Sign.Builder} both set: the names besides the common name, the validity
     * and the answer's format. What is not set is left to the server's default (the role's).
     *
     * @param <B> the concrete builder, answered by every setter
     */
    public abstract static class NamesBuilder<B extends NamesBuilder<B>> {
        @Nullable List<String> altNames;
        @Nullable List<String> ipSans;
        @Nullable List<String> uriSans;
        @Nullable List<String> otherSans;
        @Nullable Duration ttl;
        @Nullable String format;
        @Nullable Boolean excludeCnFromSans;

        NamesBuilder() {}

        abstract B self();

        /** DNS names and email addresses besides the common name. */
        public B altNames(List<String> altNames) {
            this.altNames = List.copyOf(altNames);
            return self();
        }

        /** IP addresses. */
        public B ipSans(List<String> ipSans) {
            this.ipSans = List.copyOf(ipSans);
            return self();
        }

        /** URIs (only when the role allows them). */
        public B uriSans(List<String> uriSans) {
            this.uriSans = List.copyOf(uriSans);
            return self();
        }

        /** {@code oid;UTF8:value} (only when the role allows them). */
        public B otherSans(List<String> otherSans) {
            this.otherSans = List.copyOf(otherSans);
            return self();
        }

        /** How long the certificate is valid (default: the role's ttl). */
        public B ttl(Duration ttl) {
            this.ttl = ttl;
            return self();
        }

        /** {@code pem} (default), {@code der} or {@code pem_bundle}. */
        public B format(String format) {
            this.format = format;
            return self();
        }

        /** Leave the common name out of the DNS SANs. */
        public B excludeCnFromSans(boolean excludeCnFromSans) {
            this.excludeCnFromSans = excludeCnFromSans;
            return self();
        }
    }

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
    public record Revoke(@Nullable String serialNumber, @Nullable String certificate, @Nullable String reason) {
        /** Revokes the certificate with this serial number (colon or plain hex), reason {@code unspecified}. */
        public static Revoke serial(String serialNumber) {
            return new Revoke(Objects.requireNonNull(serialNumber, "serialNumber"), null, null);
        }

        /** Revokes this certificate (PEM), also one never stored, reason {@code unspecified}. */
        public static Revoke certificate(String certificate) {
            return new Revoke(null, Objects.requireNonNull(certificate, "certificate"), null);
        }

        /** This revocation for an RFC 5280 reason: {@code key_compromise}, {@code superseded}, … */
        public Revoke withReason(String reason) {
            return new Revoke(serialNumber, certificate, reason);
        }
    }

    /** The answer of {@link Revoke}; revoking again answers the first revocation. */
    public record Revoked(String serialNumber, String issuerId, Instant revocationTime, String reason) {}

    /**
     * {@code POST …/pki/tidy}: remove certificates and revocation entries whose not-after is older than
     * {@code safetyBuffer} (default 72h).
     */
    public record Tidy(@Nullable Boolean certificates, @Nullable Boolean revokedCertificates,
            @Nullable String safetyBuffer) {
        /** The server's defaults: expired certificates and revocation entries, 72h after their not-after. */
        public static Tidy defaults() {
            return new Tidy(null, null, null);
        }

        /** This tidy with another safety buffer past not-after. */
        public Tidy withSafetyBuffer(Duration safetyBuffer) {
            return new Tidy(certificates, revokedCertificates, Durations.format(safetyBuffer));
        }

        /** This tidy removing expired stored certificates, or not. */
        public Tidy withCertificates(boolean certificates) {
            return new Tidy(certificates, revokedCertificates, safetyBuffer);
        }

        /** This tidy removing expired revocation entries, or not. */
        public Tidy withRevokedCertificates(boolean revokedCertificates) {
            return new Tidy(certificates, revokedCertificates, safetyBuffer);
        }
    }

    public record Tidied(int certificatesRemoved, int revocationsRemoved) {}

    /**
     * How an issuer's CRLs are built: a full CRL every {@code expiry} minus a margin (and when asked), a delta CRL of
     * the revocations since every {@code deltaInterval}; never a full rebuild on each revocation.
     */
    public record CrlConfig(String expiry, String deltaInterval, boolean disabled) {}

    /** {@code PUT …/pki/config/crl}; a part left out keeps its value. */
    public record CrlConfigWrite(@Nullable String expiry, @Nullable String deltaInterval, @Nullable Boolean disabled) {
        /** Changes how long a full CRL is valid only. */
        public static CrlConfigWrite expiry(Duration expiry) {
            return new CrlConfigWrite(Durations.format(expiry), null, null);
        }

        /** Changes how often a delta CRL is built only. */
        public static CrlConfigWrite deltaInterval(Duration deltaInterval) {
            return new CrlConfigWrite(null, Durations.format(deltaInterval), null);
        }

        /** Turns CRL building off or on only. */
        public static CrlConfigWrite disabled(boolean disabled) {
            return new CrlConfigWrite(null, null, disabled);
        }

        public CrlConfigWrite withExpiry(Duration expiry) {
            return new CrlConfigWrite(Durations.format(expiry), deltaInterval, disabled);
        }

        public CrlConfigWrite withDeltaInterval(Duration deltaInterval) {
            return new CrlConfigWrite(expiry, Durations.format(deltaInterval), disabled);
        }

        public CrlConfigWrite withDisabled(boolean disabled) {
            return new CrlConfigWrite(expiry, deltaInterval, disabled);
        }
    }

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
            @Nullable Boolean exportable) {
        /** A key made in the vault and a CSR for {@code commonName}; the rest as set. */
        public static Builder builder(String commonName) {
            return new Builder(commonName);
        }

        /** Builds a {@link GenerateCsr}; what is not set is left to the server's default. */
        public static final class Builder {
            private final String commonName;
            private @Nullable Subject subject;
            private @Nullable List<String> dnsNames;
            private @Nullable List<String> ipAddresses;
            private @Nullable String keyType;
            private @Nullable Integer keyBits;
            private @Nullable Boolean exportable;

            private Builder(String commonName) {
                this.commonName = Objects.requireNonNull(commonName, "commonName");
            }

            public Builder subject(Subject subject) {
                this.subject = subject;
                return this;
            }

            /** DNS subject alternative names. */
            public Builder dnsNames(List<String> dnsNames) {
                this.dnsNames = List.copyOf(dnsNames);
                return this;
            }

            /** IP subject alternative names. */
            public Builder ipAddresses(List<String> ipAddresses) {
                this.ipAddresses = List.copyOf(ipAddresses);
                return this;
            }

            /** Whether the key may ever be read back ({@code …/csrs/{id}/key}). */
            public Builder exportable(boolean exportable) {
                this.exportable = exportable;
                return this;
            }

            /**
             * The key: {@code ec} (bits 256 or 384), {@code rsa} (2048, 3072 or 4096) or {@code ed25519} (bits null);
             * null bits for the type's default.
             */
            public Builder key(String keyType, @Nullable Integer keyBits) {
                this.keyType = Objects.requireNonNull(keyType, "keyType");
                this.keyBits = keyBits;
                return this;
            }

            public GenerateCsr build() {
                return new GenerateCsr(commonName, subject, dnsNames, ipAddresses, keyType, keyBits, exportable);
            }
        }
    }

    /** {@code POST …/pki/csrs}: an outside CSR (PEM), kept {@code pending} until someone else approves it. */
    public record ImportCsr(String csr, @Nullable String comment) {
        /** An outside CSR (PEM) without a comment. */
        public static ImportCsr of(String csr) {
            return new ImportCsr(Objects.requireNonNull(csr, "csr"), null);
        }
    }

    /** {@code POST …/pki/csrs/{id}/approve} and {@code …/reject}. */
    public record Decision(@Nullable String reason) {
        /** A decision without a stated reason. */
        public static Decision unexplained() {
            return new Decision(null);
        }

        /** A decision for {@code reason}, kept with the CSR. */
        public static Decision because(String reason) {
            return new Decision(Objects.requireNonNull(reason, "reason"));
        }
    }

    /**
     * {@code POST …/pki/csrs/{id}/sign}: an approved CSR signed by an issuer (default the vault's), as an end-entity
     * certificate for its names. Defaults: ttl 30d, ext key usage server_auth.
     */
    public record SignCsr(@Nullable String issuer, @Nullable String ttl, @Nullable List<String> extKeyUsage) {
        /** Signed by the vault's default issuer, ttl 30d, server_auth. */
        public static SignCsr defaults() {
            return new SignCsr(null, null, null);
        }

        /** This request signed by another issuer (name or id). */
        public SignCsr withIssuer(String issuer) {
            return new SignCsr(issuer, ttl, extKeyUsage);
        }

        /** This request with the certificate valid for {@code ttl}. */
        public SignCsr withTtl(Duration ttl) {
            return new SignCsr(issuer, Durations.format(ttl), extKeyUsage);
        }

        /** This request with these extended key usages ({@code server_auth}, {@code client_auth}, …). */
        public SignCsr withExtKeyUsage(List<String> extKeyUsage) {
            return new SignCsr(issuer, ttl, List.copyOf(extKeyUsage));
        }
    }

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
            @Nullable String hostname, @Nullable String crl, @Nullable Boolean checkRevocation) {
        /** Checks {@code certificate} (PEM) with every default; the rest as set. */
        public static Builder builder(String certificate) {
            return new Builder(certificate);
        }

        /** Builds a {@link Validate}; what is not set is left to the server's default. */
        public static final class Builder {
            private final String certificate;
            private @Nullable List<String> chain;
            private @Nullable String purpose;
            private @Nullable String hostname;
            private @Nullable String crl;
            private @Nullable Boolean checkRevocation;

            private Builder(String certificate) {
                this.certificate = Objects.requireNonNull(certificate, "certificate");
            }

            /** The chain (PEM each), the certificate's issuer first (default: the vault's issuers as anchors). */
            public Builder chain(List<String> chain) {
                this.chain = List.copyOf(chain);
                return this;
            }

            /** {@code server_auth}, {@code client_auth}, {@code code_signing} or {@code any} (default). */
            public Builder purpose(String purpose) {
                this.purpose = purpose;
                return this;
            }

            /** A host name the certificate must be valid for. */
            public Builder hostname(String hostname) {
                this.hostname = hostname;
                return this;
            }

            /** A CRL (PEM) to check against, for an issuer that is not Arca's. */
            public Builder crl(String crl) {
                this.crl = crl;
                return this;
            }

            /** Whether revocation is checked (default true). */
            public Builder checkRevocation(boolean checkRevocation) {
                this.checkRevocation = checkRevocation;
                return this;
            }


            public Validate build() {
                return new Validate(certificate, chain, purpose, hostname, crl, checkRevocation);
            }
        }
    }

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
