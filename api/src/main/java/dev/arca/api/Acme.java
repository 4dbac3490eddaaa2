package dev.arca.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ACME's wire records ({@code docs/API-acme.md}), both halves:
 * <ul>
 *   <li>the <b>server</b> in front of a vault's CA (RFC 8555, spoken by certbot, lego, acme.sh, acme4j) is set up
 *       with {@link ServerConfig} at {@code /v1/vaults/{vault}/pki/config/acme} and its external account binding
 *       keys at {@code /v1/vaults/{vault}/pki/eab}; the protocol itself lives under
 *       {@code /v1/vaults/{vault}/pki/acme/directory} (and {@code …/pki/roles/{role}/acme/…},
 *       {@code …/pki/issuers/{issuer}/acme/…}) and is not described here — it is RFC 8555's;</li>
 *   <li>the <b>client</b> that obtains and renews certificates from any ACME CA is the engine mounted at
 *       {@code /v1/vaults/{vault}/acme/…}: {@link Account}s, DNS providers for {@code dns-01}, {@link Order}s,
 *       and the managed {@link Certificate}s, each kept as a {@code certificate} secret that gains a version on
 *       every renewal.</li>
 * </ul>
 */
public final class Acme {
    /** External account binding policies of the server ({@link ServerConfig#eabPolicy}). */
    public static final String EAB_NOT_REQUIRED = "not-required";
    public static final String EAB_NEW_ACCOUNT_REQUIRED = "new-account-required";
    public static final String EAB_ALWAYS_REQUIRED = "always-required";

    /** Challenge types. */
    public static final String HTTP_01 = "http-01";
    public static final String DNS_01 = "dns-01";
    public static final String TLS_ALPN_01 = "tls-alpn-01";

    /** Order statuses of the client ({@link Order#status}), RFC 8555's names. */
    public static final String PENDING = "pending";
    public static final String READY = "ready";
    public static final String PROCESSING = "processing";
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";

    private Acme() {}

    // ---------------------------------------------------------------- server

    /**
     * The ACME server of a vault, as {@code GET/PUT …/pki/config/acme} shows it.
     *
     * @param enabled whether the vault's directories answer
     * @param eabPolicy {@link #EAB_NOT_REQUIRED}, {@link #EAB_NEW_ACCOUNT_REQUIRED} or {@link #EAB_ALWAYS_REQUIRED}
     * @param defaultRole the role whose name rules the default directory applies; none: any name a challenge
     *     validated (Vault's "sign-verbatim")
     * @param defaultIssuer the issuer that signs for the default directory; none: the vault's default issuer
     * @param allowedRoles the roles that have a directory; empty: every role
     * @param maxTtl the longest certificate issued (at most {@code 90d}; also never past the issuer's own end)
     * @param directory the default directory's URL, for a client's {@code --server}
     */
    public record ServerConfig(boolean enabled, String eabPolicy, @Nullable String defaultRole,
            @Nullable String defaultIssuer, List<String> allowedRoles, String maxTtl, String directory) {}

    /** {@code PUT …/pki/config/acme}: what is not given keeps its value (a first write: the defaults). */
    public record ServerConfigWrite(@Nullable Boolean enabled, @Nullable String eabPolicy,
            @Nullable String defaultRole, @Nullable String defaultIssuer, @Nullable List<String> allowedRoles,
            @Nullable String maxTtl) {
        public static ServerConfigWrite enable() {
            return new ServerConfigWrite(true, null, null, null, null, null);
        }

        public static ServerConfigWrite disable() {
            return new ServerConfigWrite(false, null, null, null, null, null);
        }

        public ServerConfigWrite withEabPolicy(String policy) {
            return new ServerConfigWrite(enabled, policy, defaultRole, defaultIssuer, allowedRoles, maxTtl);
        }

        public ServerConfigWrite withDefaultRole(String role) {
            return new ServerConfigWrite(enabled, eabPolicy, role, defaultIssuer, allowedRoles, maxTtl);
        }

        public ServerConfigWrite withDefaultIssuer(String issuer) {
            return new ServerConfigWrite(enabled, eabPolicy, defaultRole, issuer, allowedRoles, maxTtl);
        }

        public ServerConfigWrite withMaxTtl(String ttl) {
            return new ServerConfigWrite(enabled, eabPolicy, defaultRole, defaultIssuer, allowedRoles, ttl);
        }
    }

    /** {@code POST …/pki/eab}: a new external account binding key; the comment helps find it later. */
    public record EabCreate(@Nullable String comment) {}

    /**
     * An external account binding key: a client gives {@code id} as its EAB key id and {@code key} (base64url,
     * HS256) as its HMAC key. The key is shown once, when it is made; it binds one account and is then spent.
     */
    public record EabKey(String id, @Nullable SecretText key, String algorithm, @Nullable String comment,
            Instant createdAt, @Nullable Instant usedAt, @Nullable String accountId) {}

    // ---------------------------------------------------------------- client

    /** External account binding a CA asks for: its key id and HMAC key (base64url). */
    public record Eab(String keyId, SecretText hmacKey) {}

    /**
     * {@code PUT …/acme/accounts/{name}}: an account at a CA, registered on creation (its key is made by Arca and
     * kept in the key-material store). A second write with the same directory updates the contact.
     *
     * @param directoryUrl the CA's directory, e.g. {@code https://acme-v02.api.letsencrypt.org/directory}
     * @param keyType {@code ec} (P-256, default), {@code rsa} (2048) or {@code ed25519}
     * @param termsAgreed must be true when the CA has terms of service
     * @param caCertificate a PEM CA certificate to trust for the CA's HTTPS besides the system's (an internal CA,
     *     such as another Arca's); none: the system's trust only
     */
    public record AccountWrite(String directoryUrl, @Nullable String email, @Nullable Eab eab,
            @Nullable Boolean termsAgreed, @Nullable String keyType, @Nullable String caCertificate) {
        public static AccountWrite of(String directoryUrl, String email) {
            return new AccountWrite(directoryUrl, email, null, true, null, null);
        }

        public AccountWrite withEab(String keyId, String hmacKey) {
            return new AccountWrite(directoryUrl, email, new Eab(keyId, SecretText.of(hmacKey)), termsAgreed,
                    keyType, caCertificate);
        }

        public AccountWrite trusting(String caCertificatePem) {
            return new AccountWrite(directoryUrl, email, eab, termsAgreed, keyType, caCertificatePem);
        }
    }

    /** An account as Arca keeps it; {@code url} is the CA's account URL ({@code kid}). */
    public record Account(String name, String directoryUrl, @Nullable String email, String url, String status,
            String keyType, @Nullable String caCertificate, Instant createdAt) {}

    /**
     * {@code PUT …/acme/dns/{name}}: where {@code dns-01} records are written. {@code rfc2136}: a dynamic update
     * to {@code server} ({@code host:port}) signed with TSIG; {@code hook}: the command the server's configuration
     * names (never one given over the API) is run with {@code present|cleanup <fqdn> <value>}.
     *
     * @param tsigAlgorithm {@code hmac-sha256} (default), {@code hmac-sha512}, {@code hmac-sha1}
     * @param tsigSecret base64, as BIND's {@code tsig-keygen} prints it
     * @param zone the zone to update; default: the record name's parent the server answers SOA for
     */
    public record DnsProviderWrite(String type, @Nullable String server, @Nullable String zone,
            @Nullable String tsigKeyName, @Nullable String tsigAlgorithm, @Nullable SecretText tsigSecret) {
        public static DnsProviderWrite rfc2136(String server, String keyName, String secret) {
            return new DnsProviderWrite("rfc2136", server, null, keyName, null, SecretText.of(secret));
        }

        public static DnsProviderWrite hook() {
            return new DnsProviderWrite("hook", null, null, null, null, null);
        }
    }

    /** A DNS provider, without its TSIG secret. */
    public record DnsProvider(String name, String type, @Nullable String server, @Nullable String zone,
            @Nullable String tsigKeyName, @Nullable String tsigAlgorithm) {}

    /**
     * {@code POST …/acme/certificates}: obtain a certificate for {@code domains} and keep it (chain and key, PEM)
     * as the {@code certificate} secret {@code secret}; answered 202 with the {@link Order} to follow.
     *
     * @param challenge {@link #HTTP_01} (answered on Arca's challenge listener, or written under {@code webroot})
     *     or {@link #DNS_01} (through {@code dnsProvider})
     * @param secret the secret path (default {@code acme/<first domain>}, a wildcard's {@code *} as {@code _})
     * @param autoRenew renew at two thirds of the lifetime (or when the CA's renewal information says); default true
     * @param keyType the certificate key: {@code ec} (P-256, default), {@code rsa} (2048)
     */
    public record IssueRequest(String account, List<String> domains, String challenge, @Nullable String secret,
            @Nullable Boolean autoRenew, @Nullable String keyType, @Nullable String dnsProvider,
            @Nullable String webroot) {
        public static IssueRequest http01(String account, List<String> domains) {
            return new IssueRequest(account, domains, HTTP_01, null, null, null, null, null);
        }

        public static IssueRequest dns01(String account, List<String> domains, String dnsProvider) {
            return new IssueRequest(account, domains, DNS_01, null, null, null, dnsProvider, null);
        }

        public IssueRequest withSecret(String path) {
            return new IssueRequest(account, domains, challenge, path, autoRenew, keyType, dnsProvider, webroot);
        }

        public IssueRequest withAutoRenew(boolean renew) {
            return new IssueRequest(account, domains, challenge, secret, renew, keyType, dnsProvider, webroot);
        }

        public IssueRequest withWebroot(String directory) {
            return new IssueRequest(account, domains, challenge, secret, autoRenew, keyType, dnsProvider, directory);
        }
    }

    /**
     * One attempt to obtain a certificate, from {@link #PENDING} to {@link #VALID} or {@link #INVALID}; it survives a
     * restart and goes on where it stopped.
     *
     * @param renewal whether a renewal of an existing certificate started it
     * @param error why it is invalid, or the last transient failure it is retrying after
     * @param secretVersion the version of the secret it wrote, once valid
     */
    public record Order(String id, String account, List<String> domains, String challenge, String secret,
            String status, boolean renewal, @Nullable String error, @Nullable Integer secretVersion,
            @Nullable String serialNumber, @Nullable Instant notAfter, Instant createdAt, Instant updatedAt) {
        public boolean done() {
            return VALID.equals(status) || INVALID.equals(status);
        }
    }

    /** A certificate Arca keeps (and, with {@code autoRenew}, renews): where it is, what it is for, when it is due. */
    public record Certificate(String id, String secret, String account, List<String> domains, String challenge,
            boolean autoRenew, @Nullable String serialNumber, @Nullable Instant notBefore, @Nullable Instant notAfter,
            @Nullable Instant renewAt, @Nullable String lastOrder) {}
}
