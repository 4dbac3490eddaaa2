package dev.arca.sdk;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the SDK: one client per server address and credential, reaching one operations object per
 * area of the HTTP API. Thread-safe; close it to release its HTTP threads.
 *
 * <pre>{@code
 * try (var arca = ArcaClient.builder().address("https://arca.example.com").token(token).vault("default").build()) {
 *     String password = arca.secrets().read("app/db").fields().get("password").reveal();
 * }
 * }</pre>
 */
public final class ArcaClient implements AutoCloseable {
    /** Where a client connects when no address is given. */
    public static final String DEFAULT_ADDRESS = "http://127.0.0.1:8420";
    /** How long a request may take when no timeout is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** How long {@link SecretOperations#read} answers are cached when no TTL is given. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
    /** How many {@link SecretOperations#read} answers are cached at most when no limit is given. */
    public static final int DEFAULT_CACHE_MAX = 500;

    private final HttpTransport transport;
    /** Anonymous, for the client-credentials exchange; null with any other credential. */
    private final @Nullable HttpTransport tokenTransport;
    private final @Nullable String vault;
    private final SysOperations sys;
    private final VaultOperations vaults;
    private final ProjectOperations projects;
    private final SecretOperations secrets;
    private final UseOperations use;
    private final TransitOperations transit;
    private final PkiOperations pki;
    private final DatabaseOperations database;
    private final DynamicOperations dynamic;
    private final RotationOperations rotation;
    private final AcmeOperations acme;
    private final LeaseOperations leases;
    private final TokenOperations tokens;
    private final PolicyOperations policies;
    private final MachineOperations machines;
    private final ClientOperations clients;
    private final AgentOperations agents;
    private final UserOperations users;
    private final GroupOperations groups;
    private final AuthOperations auth;
    private final AsyncArcaClient async;

    private ArcaClient(Builder builder) {
        var retryPolicy = builder.retryPolicy();
        HttpTransport.Credential credential = builder.credential();
        String clientId = builder.clientId;
        if (clientId != null && !builder.clientJwtPerRequest) {
            this.tokenTransport = new HttpTransport(builder.address(), HttpTransport.Credential.NONE, builder.timeout,
                    retryPolicy, builder.tls);
            var tokenEndpoint = new AuthOperations(tokenTransport);
            ClientJwt assertions = builder.clientKey == null ? null
                    : new ClientJwt(clientId, builder.clientKey, Clock.systemUTC());
            String clientSecret = builder.clientSecret; // without a key, clientCredentials(…) gave the secret
            credential = new ClientCredentialsToken(clientId, assertions != null
                    ? () -> tokenEndpoint.clientAssertion(assertions.assertion())
                    : () -> tokenEndpoint.clientCredentials(clientId, Objects.requireNonNull(clientSecret)),
                    System::nanoTime);
        } else {
            this.tokenTransport = null;
        }
        this.transport = new HttpTransport(builder.address(), credential, builder.timeout, retryPolicy, builder.tls);
        this.vault = builder.vault != null ? builder.vault
                : builder.identity != null ? builder.identity.vaultId() : null;
        this.sys = new SysOperations(transport);
        this.vaults = new VaultOperations(transport);
        this.projects = new ProjectOperations(transport, vault);
        var cache = new SecretCache(builder.cacheTtl, builder.cacheMax, System::nanoTime);
        this.secrets = new SecretOperations(transport, vault, cache);
        this.use = new UseOperations(transport, vault);
        this.transit = new TransitOperations(transport, vault);
        this.pki = new PkiOperations(transport, vault);
        this.database = new DatabaseOperations(transport, vault);
        this.dynamic = new DynamicOperations(transport, vault);
        this.rotation = new RotationOperations(transport, vault);
        this.acme = new AcmeOperations(transport, vault);
        this.leases = new LeaseOperations(transport, vault);
        this.tokens = new TokenOperations(transport);
        this.policies = new PolicyOperations(transport, vault);
        this.machines = new MachineOperations(transport, vault);
        this.clients = new ClientOperations(transport, vault);
        this.agents = new AgentOperations(transport, vault);
        this.users = new UserOperations(transport, vault);
        this.groups = new GroupOperations(transport, vault);
        this.auth = new AuthOperations(transport);
        this.async = new AsyncArcaClient(transport, vault, cache, this::close);
    }

    /**
     * A builder with the defaults: {@value #DEFAULT_ADDRESS}, no credential, no vault, a 15 s timeout, 3 retries
     * after 1 s, 2 s and 4 s (see {@link Builder#retries(int)}), reads cached for 60 s (500 entries).
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from the process environment; see {@link #fromEnv(Map)}.
     *
     * @throws ConfigurationException if no credential is set or a value is invalid
     */
    public static ArcaClient fromEnv() {
        return fromEnv(System.getenv());
    }

    /**
     * A client configured from these variables: {@code ARCA_ADDR} (else {@value #DEFAULT_ADDRESS}),
     * {@code ARCA_VAULT}, and the credential: {@code ARCA_TOKEN}, or {@code ARCA_CLIENT_ID} with
     * {@code ARCA_CLIENT_SECRET} for {@link Builder#clientCredentials(String, String)}; {@code ARCA_CACERT} names the
     * PEM file of a private CA to trust ({@link Builder#trustCertificates}). The token wins when both are set.
     *
     * @throws ConfigurationException naming what is missing when there is no complete credential
     */
    public static ArcaClient fromEnv(Map<String, String> env) {
        var builder = builder();
        String address = nonBlank(env.get("ARCA_ADDR"));
        if (address != null) {
            builder.address(address);
        }
        builder.vault(nonBlank(env.get("ARCA_VAULT")));
        String caCert = nonBlank(env.get("ARCA_CACERT"));
        if (caCert != null) {
            builder.trustCertificates(Path.of(caCert));
        }
        String token = nonBlank(env.get("ARCA_TOKEN"));
        String clientId = nonBlank(env.get("ARCA_CLIENT_ID"));
        String clientSecret = nonBlank(env.get("ARCA_CLIENT_SECRET"));
        if (token != null) {
            return builder.token(token).build();
        }
        if (clientId != null && clientSecret != null) {
            return builder.clientCredentials(clientId, clientSecret).build();
        }
        if (clientId != null || clientSecret != null) {
            throw new ConfigurationException((clientId == null ? "ARCA_CLIENT_ID" : "ARCA_CLIENT_SECRET")
                    + " is not set: a client needs both ARCA_CLIENT_ID and ARCA_CLIENT_SECRET (or set ARCA_TOKEN)");
        }
        throw new ConfigurationException("no Arca credential in the environment: set ARCA_TOKEN, or ARCA_CLIENT_ID "
                + "and ARCA_CLIENT_SECRET");
    }

    private static @Nullable String nonBlank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Health, seal, init and audit verification: the {@code /v1/sys/…} routes. */
    public SysOperations sys() {
        return sys;
    }

    /** Vaults: the {@code /v1/vaults} routes. */
    public VaultOperations vaults() {
        return vaults;
    }

    /** Projects of the client's vault; {@link ProjectOperations#withVault(String)} reaches another vault. */
    public ProjectOperations projects() {
        return projects;
    }

    /** Secrets of the client's vault; {@link SecretOperations#withVault(String)} reaches another vault. */
    public SecretOperations secrets() {
        return secrets;
    }

    /** Using secrets of the client's vault without retrieving them: {@code …/secrets/{path}/use}. */
    public UseOperations use() {
        return use;
    }

    /** Transit keys of the client's vault: {@code /v1/vaults/{vault}/transit}. */
    public TransitOperations transit() {
        return transit;
    }

    /** The PKI engine of the client's vault (CAs, roles, certificates, CSRs, CRLs): {@code /v1/vaults/{vault}/pki}. */
    public PkiOperations pki() {
        return pki;
    }

    /**
     * The database engine of the client's vault (connections, dynamic roles, credentials):
     * {@code /v1/vaults/{vault}/database}.
     */
    public DatabaseOperations database() {
        return database;
    }

    /**
     * Rotation policies of the client's vault (schedules, assignments, runs, what is due):
     * {@code /v1/vaults/{vault}/rotation}.
     */
    public RotationOperations rotation() {
        return rotation;
    }

    /**
     * The ACME client of the client's vault (accounts at ACME CAs, DNS providers, orders, managed certificates):
     * {@code /v1/vaults/{vault}/acme}. The vault's own ACME server is set up through {@link #pki()}.
     */
    public AcmeOperations acme() {
        return acme;
    }

    /** Dynamic credentials that end when closed: {@code …/{engine}/creds/{role}} and {@code /v1/leases}. */
    public DynamicOperations dynamic() {
        return dynamic;
    }

    /** Leases: {@code …/secrets/{path}/retrieve}, {@code /v1/leases} and {@code /v1/vaults/{vault}/leases}. */
    public LeaseOperations leases() {
        return leases;
    }

    /** Tokens: the {@code /v1/tokens} routes. */
    public TokenOperations tokens() {
        return tokens;
    }

    /** Policies of the client's vault and their bindings: {@code /v1/vaults/{vault}/policies}. */
    public PolicyOperations policies() {
        return policies;
    }

    /** Machines and enrollment tokens of the client's vault, and {@code POST /v1/enroll}. */
    public MachineOperations machines() {
        return machines;
    }

    /** OAuth clients of the client's vault: {@code /v1/vaults/{vault}/clients}. */
    public ClientOperations clients() {
        return clients;
    }

    /** Agents of the client's vault: {@code /v1/vaults/{vault}/agents}. */
    public AgentOperations agents() {
        return agents;
    }

    /** Users of the client's vault: {@code /v1/vaults/{vault}/users}. */
    public UserOperations users() {
        return users;
    }

    /** Groups of the client's vault: {@code /v1/vaults/{vault}/groups}. */
    public GroupOperations groups() {
        return groups;
    }

    /** Login, client credentials and agent sessions: the {@code /v1/auth/…} routes. */
    public AuthOperations auth() {
        return auth;
    }

    /** The same client without blocking: operations that return {@link java.util.concurrent.CompletableFuture}s. */
    public AsyncArcaClient async() {
        return async;
    }

    /** The transport every operation sends through, for tests of what the builder's options reach. */
    HttpTransport transport() {
        return transport;
    }

    /** The server's base address. */
    public URI address() {
        return transport.address();
    }

    /** The vault (name or {@code vault_…} id) that {@link #projects()} and {@link #secrets()} work in; may be null. */
    public @Nullable String vault() {
        return vault;
    }

    /** Releases the client's HTTP threads; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        transport.close();
        if (tokenTransport != null) {
            tokenTransport.close();
        }
    }

    @Override
    public String toString() {
        return "ArcaClient[address=" + address() + ", vault=" + vault + ", credential=<redacted>]";
    }

    /** Options of an {@link ArcaClient}; every setter validates at once and throws {@link ConfigurationException}. */
    public static final class Builder {
        private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

        private @Nullable URI address;
        private @Nullable String token;
        private @Nullable MachineIdentity identity;
        private @Nullable Provider signatureProvider;
        private @Nullable String clientId;
        private @Nullable String clientSecret;
        private @Nullable PrivateKey clientKey;
        private boolean clientJwtPerRequest;
        private @Nullable String vault;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private int cacheMax = DEFAULT_CACHE_MAX;
        private int retries = RetryPolicy.DEFAULT.retries();
        private Duration backoff = RetryPolicy.DEFAULT.backoff();
        private double backoffMultiplier = RetryPolicy.DEFAULT.multiplier();
        private RetryPolicy.Sleeper sleeper = RetryPolicy.Sleeper.THREAD;
        private @Nullable SSLContext tls;

        private Builder() {}

        /** See {@link #address(URI)}. */
        public Builder address(String address) {
            Objects.requireNonNull(address, "address");
            try {
                return address(new URI(address.trim()));
            } catch (java.net.URISyntaxException e) {
                throw new ConfigurationException("not a valid Arca address: " + e.getMessage());
            }
        }

        /**
         * The server's base address, e.g. {@code https://arca.example.com}. Plain {@code http} is accepted only for
         * a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}): anywhere else the token would
         * cross the network in clear.
         */
        public Builder address(URI address) {
            Objects.requireNonNull(address, "address");
            String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("https") && !scheme.equals("http")) || address.getHost() == null) {
                throw new ConfigurationException("an Arca address looks like https://host[:port], not " + address);
            }
            if (address.getRawUserInfo() != null || address.getRawQuery() != null || address.getRawFragment() != null) {
                throw new ConfigurationException("an Arca address has no user info, query or fragment: use "
                        + scheme + "://" + address.getHost() + (address.getPort() < 0 ? "" : ":" + address.getPort()));
            }
            if (scheme.equals("http") && !isLoopback(address.getHost())) {
                throw new ConfigurationException("refusing plain http to " + address.getHost()
                        + ": use https (http is accepted only for localhost, 127.0.0.0/8 and ::1)");
            }
            String text = address.toString();
            this.address = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /** The {@code arca_…} token sent as {@code Authorization: Bearer …}; null sends none (health, init, unseal). */
        public Builder token(@Nullable String token) {
            if (token != null && (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
                throw new ConfigurationException("the token must be non-empty printable ASCII without spaces");
            }
            this.token = token;
            return this;
        }

        /**
         * Authenticates as an OAuth client: its id and secret are exchanged at {@code POST /v1/auth/token} for a
         * bearer token, exchanged again at 80 % of the token's lifetime and once more when the server refuses it
         * (a 401 is then retried once). Excludes {@link #token} and {@link #identity}.
         */
        public Builder clientCredentials(String clientId, String clientSecret) {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            if (clientId.isBlank() || clientSecret.isBlank()) {
                throw new ConfigurationException("the client id and secret must not be blank");
            }
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        /**
         * Authenticates as an OAuth client whose P-256 public key is registered with Arca, exchanging a JWT signed
         * by {@code privateKeyPem} (PKCS#8 PEM, {@code -----BEGIN PRIVATE KEY-----}) for a bearer token at
         * {@code POST /v1/auth/token} ({@code private_key_jwt}, RFC 7523), refreshed like
         * {@link #clientCredentials(String, String)}'s. No secret is sent or kept. For a fresh JWT on every request
         * instead, see {@link #clientJwt(String, String)}.
         */
        public Builder clientAssertion(String clientId, String privateKeyPem) {
            return clientKey(clientId, privateKeyPem, false);
        }

        /**
         * Authenticates every request with its own short-lived JWT signed by {@code privateKeyPem} (the client's
         * P-256 key, PKCS#8 PEM; its public half registered with Arca): no token exchange, no shared secret, no
         * token to leak (SyVault's model). Each JWT has a random {@code jti} and lives one minute; the server refuses
         * it a second time. Excludes the other credentials.
         */
        public Builder clientJwt(String clientId, String privateKeyPem) {
            return clientKey(clientId, privateKeyPem, true);
        }

        private Builder clientKey(String clientId, String privateKeyPem, boolean perRequest) {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            if (clientId.isBlank()) {
                throw new ConfigurationException("the client id must not be blank");
            }
            this.clientId = clientId;
            this.clientKey = PemKeyFile.parsePrivateKey(privateKeyPem, "the client key");
            new ClientJwt(clientId, clientKey, Clock.systemUTC()); // refuses a key that cannot sign ES256, now
            this.clientJwtPerRequest = perRequest;
            return this;
        }

        /**
         * Signs every request as this machine (DESIGN §6) instead of sending a token; a fresh signature per attempt.
         * The vault defaults to the identity's and the address to its {@code api_url}. Excludes {@link #token}.
         */
        public Builder identity(MachineIdentity identity) {
            this.identity = identity;
            return this;
        }

        /**
         * The JCA provider that makes {@link #identity}'s signatures; the runtime's own by default. The JDK's Ed25519
         * costs about a millisecond of CPU per request on a small machine, Bouncy Castle's a twentieth of that:
         * {@code .signatureProvider(new BouncyCastleProvider())} if the application already has it.
         */
        public Builder signatureProvider(Provider provider) {
            this.signatureProvider = provider;
            return this;
        }

        /** The vault (name or {@code vault_…} id) for {@link #projects()} and {@link #secrets()}. */
        public Builder vault(@Nullable String vault) {
            this.vault = Options.vault(vault);
            return this;
        }

        /**
         * How long connecting and each request may take; 15 s by default.
         *
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Options.timeout(timeout);
            return this;
        }

        /**
         * How long {@link SecretOperations#read} answers (decrypted values, by vault, path, version and field) are
         * kept in memory and answered without asking the server; 60 s by default, {@link Duration#ZERO} disables the
         * cache. Writes, rotations and deletions through this client forget the path's entries;
         * {@link SecretOperations#invalidate(String)} forgets them after a change made elsewhere.
         */
        public Builder cacheTtl(Duration cacheTtl) {
            Objects.requireNonNull(cacheTtl, "cacheTtl");
            if (cacheTtl.isNegative()) {
                throw new ConfigurationException("the cache TTL must not be negative, not " + cacheTtl);
            }
            this.cacheTtl = cacheTtl;
            return this;
        }

        /** At most this many cached reads, the least recently used dropped first; 500 by default, 0 disables. */
        public Builder cacheMax(int cacheMax) {
            if (cacheMax < 0) {
                throw new ConfigurationException("the cache size must be 0 or more, not " + cacheMax);
            }
            this.cacheMax = cacheMax;
            return this;
        }

        /**
         * How many times a request is sent again; 3 by default, 0 disables retries. Sent again: after a {@code 429}
         * or a {@code 503} and after a connection that could not be made, whatever the method; after a {@code 500},
         * {@code 502} or {@code 504} only for an idempotent method ({@code GET}, {@code HEAD}, {@code PUT},
         * {@code DELETE}; never a {@code POST}); after a lost answer only for a {@code GET} or {@code HEAD}.
         * Authentication, access and validation errors are never retried. Each attempt is signed afresh.
         *
         * @throws IllegalArgumentException if {@code retries} is negative
         */
        public Builder retries(int retries) {
            this.retries = Options.retries(retries);
            return this;
        }

        /**
         * The wait before the first retry, doubled before each further one (1 s, 2 s, 4 s by default); see
         * {@link #retryBackoff(Duration, double)} for another multiplier.
         *
         * @throws IllegalArgumentException if {@code backoff} is negative
         */
        public Builder backoff(Duration backoff) {
            return retryBackoff(backoff, RetryPolicy.DEFAULT_MULTIPLIER);
        }

        /**
         * The wait before the first retry and how much longer each further wait is (ScaiVault's
         * {@code retry_backoff}): {@code retryBackoff(Duration.ofMillis(500), 1.5)} waits 0.5 s, 0.75 s, 1.125 s…
         * No wait is longer than a minute; a longer {@code Retry-After} from the server wins. A {@code Retry-After}
         * over a minute is not waited for: the {@link RateLimitedException} or {@link SealedException} is thrown at
         * once. The default is {@code retryBackoff(Duration.ofSeconds(1), 2)}.
         *
         * @throws IllegalArgumentException if {@code initial} is negative, or {@code multiplier} is below 1 or not
         *     finite
         */
        public Builder retryBackoff(Duration initial, double multiplier) {
            new RetryPolicy(retries, initial, multiplier, sleeper); // refuses impossible values now, not at build()
            this.backoff = initial;
            this.backoffMultiplier = multiplier;
            return this;
        }

        /**
         * Trusts the CA certificates in {@code pemFile} for HTTPS instead of the JDK's default trust store: for a
         * server whose certificate a private CA signed (such as the vault's own PKI). Host names are still checked.
         *
         * @throws ConfigurationException when the file cannot be read or holds no certificate
         */
        public Builder trustCertificates(Path pemFile) {
            this.tls = TrustedCertificates.from(Objects.requireNonNull(pemFile, "pemFile"));
            return this;
        }

        /** The TLS context for HTTPS (trust, protocols) when {@link #trustCertificates} is not enough. */
        public Builder sslContext(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** How a blocking call waits between attempts; tests record the waits instead of sleeping. */
        Builder sleeper(RetryPolicy.Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        RetryPolicy retryPolicy() {
            return new RetryPolicy(retries, backoff, backoffMultiplier, sleeper);
        }

        /**
         * A client with these options.
         *
         * @throws ConfigurationException if more than one credential is set
         */
        public ArcaClient build() {
            int credentials = (token != null ? 1 : 0) + (identity != null ? 1 : 0) + (clientId != null ? 1 : 0);
            if (credentials > 1) {
                throw new ConfigurationException(
                        "choose one credential: a token, a machine identity or client credentials, not several");
            }
            if (clientSecret != null && clientKey != null) {
                throw new ConfigurationException("choose one client credential: its secret or its key, not both");
            }
            return new ArcaClient(this);
        }

        /** The validated base address (also for {@link AgentClient.Builder#address(String)}). */
        URI address() {
            if (address != null) {
                return address;
            }
            return identity != null ? new Builder().address(identity.apiUrl()).address() : URI.create(DEFAULT_ADDRESS);
        }

        private HttpTransport.Credential credential() {
            if (identity != null) {
                return HttpTransport.Credential.signature(identity.signer(signatureProvider));
            }
            if (clientJwtPerRequest && clientId != null && clientKey != null) { // clientKey(…) sets all three
                return new ClientJwt(clientId, clientKey, Clock.systemUTC());
            }
            return token != null ? HttpTransport.Credential.bearer(token) : HttpTransport.Credential.NONE;
        }

        @Override
        public String toString() {
            return "ArcaClient.Builder[address=" + address + ", vault=" + vault + ", credential=<redacted>]";
        }

        /** Literal loopback hosts only: a name other than localhost is not resolved, so it cannot be spoofed. */
        private static boolean isLoopback(String host) {
            if (host.equalsIgnoreCase("localhost") || LOOPBACK_IPV4.matcher(host).matches()) {
                return true;
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                try {
                    return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return false;
        }
    }
}
