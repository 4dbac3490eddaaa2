package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Lease;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.Use;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An agent's client (docs/API-use.md): proves the agent's identity with its Ed25519 key, then <em>uses</em>
 * credentials through the vault instead of holding them, or retrieves a value on a lease that {@link #close()}
 * gives back. By default it talks to the local server over its Unix socket ({@code arca server --socket}).
 *
 * <pre>{@code
 * try (var arca = AgentClient.connect("deploy-bot")) {
 *     Map<String, Object> answer = arca.useCredential("github/token", "http_request",
 *             Map.of("url", "https://api.github.com/user", "header_type", "bearer"));
 * }
 * }</pre>
 *
 * <p>Beside that map form (SanctumAI's {@code use(path, operation, params)}), each operation has a typed method
 * answering its record: {@link #httpRequest}, {@link #httpHeader}, {@link #sign}, {@link #verify},
 * {@link #encrypt(String, String)} and {@link #decrypt(String, String)} (SanctumAI's text form of
 * {@code encrypt {data}} and {@code decrypt {data}}); {@link #async()} has a future-returning twin of every method.
 *
 * <p>The session is started with {@code POST /v1/auth/agent/challenge} and {@code POST /v1/auth/agent/session}; when
 * the server answers {@code session_expired}, a new session is started and the request sent once more. Thread-safe.
 */
public final class AgentClient implements AutoCloseable {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Set<String> TRANSIT_OPERATIONS = Set.of(Use.ENCRYPT, Use.DECRYPT, Use.REWRAP);

    private final String agent;
    private final String vault;
    private final PrivateKey key;
    private final HttpTransport anonymous;
    private final HttpTransport transport;
    private final SecretOperations secrets;
    private final LeaseOperations leaseOperations;
    private final UseOperations use;
    private final TransitOperations transit;
    private final AsyncAgentClient async;
    private final Set<String> leases = ConcurrentHashMap.newKeySet();
    private volatile @Nullable SecretText sessionToken;

    private AgentClient(Builder builder, PrivateKey key) {
        this.agent = builder.agent;
        this.vault = builder.vault();
        this.key = key;
        this.anonymous = builder.transport(HttpTransport.Credential.NONE);
        this.transport = builder.transport((header, method, path, body) -> header.accept("Authorization",
                "Bearer " + Objects.requireNonNull(sessionToken, "no session yet").reveal()));
        this.secrets = new SecretOperations(transport, vault);
        this.leaseOperations = new LeaseOperations(transport, vault);
        this.use = new UseOperations(transport, vault);
        this.transit = new TransitOperations(transport, vault);
        this.async = new AsyncAgentClient(this, transport, vault);
    }

    /**
     * Connects as {@code agent} with every default: the server's socket ({@code ARCA_SOCKET}, else
     * {@code $ARCA_HOME/arca.sock}), the key {@code arca agent create} wrote ({@code $ARCA_HOME/keys/<agent>.key},
     * unencrypted) and the vault {@code ARCA_VAULT}, else {@code default}.
     *
     * @throws AuthenticationException if the server does not accept the key
     * @throws ConfigurationException if the key file cannot be read
     */
    public static AgentClient connect(String agent) {
        return builder(agent).connect();
    }

    /** Options for connecting as {@code agent}; {@link Builder#connect()} starts the session. */
    public static Builder builder(String agent) {
        return new Builder(agent);
    }

    /**
     * Has the vault use the credential at {@code path} for {@code operation} with the operation's fields
     * ({@code url}, {@code header_type}, {@code data}, {@code plaintext}…, names as on the wire) and returns the
     * server's answer as a map. Only {@code http_header} answers a value. {@code http_request}, {@code http_header},
     * {@code sign} and {@code verify} go to {@code POST /v1/vaults/{vault}/secrets/{path…}/use}; the transit
     * operations {@code encrypt}, {@code decrypt} and {@code rewrap} to the transit key's own address,
     * {@code POST /v1/vaults/{vault}/transit/{path…}/{operation}}, with the same fields: an agent names what it wants
     * done, the client knows where that is. SanctumAI's {@code encrypt {data}} and {@code decrypt {data}} work as
     * written there: UTF-8 text in, {@code ciphertext} and the {@code plaintext} text out.
     *
     * @throws AccessDeniedException without {@code use} on the secret, or when an egress rule refuses the URL
     * @throws UpstreamException when the upstream of an {@code http_request} fails or times out
     */
    public Map<String, Object> useCredential(String path, String operation, Map<String, ?> params) {
        OperationCall call = OperationCall.of(vault, path, operation, params);
        return withSession(() -> transport.call("POST", call.target(), call.body(), MAP));
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path…}/use} {@code http_request}: the vault sends {@code call} with
     * the credential injected as {@code injection} says and answers the upstream's status, headers and body with
     * the credential redacted; see {@link UseOperations#httpRequest}.
     *
     * @throws AccessDeniedException without {@code use}, or when the secret's egress rules refuse the URL
     * @throws UpstreamException when the upstream fails or times out
     */
    public Use.HttpResponse httpRequest(String path, UpstreamRequest call, HeaderInjection injection) {
        return withSession(() -> use.httpRequest(path, call, injection));
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path…}/use} {@code http_header}: the ready-made header, which reveals
     * the credential (needs {@code use:header}); see {@link UseOperations#httpHeader}.
     */
    public Use.Header httpHeader(String path, HeaderInjection injection) {
        return withSession(() -> use.httpHeader(path, injection));
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path…}/use} {@code sign}: the MAC of {@code data} keyed by the secret.
     *
     * @param algorithm {@code hmac-sha256}, {@code hmac-sha384} or {@code hmac-sha512}
     */
    public Use.Signature sign(String path, String algorithm, byte[] data) {
        return withSession(() -> use.sign(path, algorithm, data));
    }

    /** {@code POST /v1/vaults/{vault}/secrets/{path…}/use} {@code verify}: whether {@code signature} is the MAC. */
    public boolean verify(String path, String algorithm, byte[] data, String signature) {
        return withSession(() -> use.verify(path, algorithm, data, signature));
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{key…}/encrypt} {@code {data}}: SanctumAI's {@code encrypt}, a
     * ciphertext of the text's UTF-8 bytes under the key's latest version.
     */
    public Use.Ciphertext encrypt(String key, String text) {
        return withSession(() -> transit.encryptText(key, text, null));
    }

    /** {@code POST /v1/vaults/{vault}/transit/{key…}/encrypt}: a ciphertext of any bytes. */
    public Use.Ciphertext encrypt(String key, byte[] plaintext) {
        return withSession(() -> transit.encrypt(key, plaintext, null));
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{key…}/decrypt} {@code {data}}: SanctumAI's {@code decrypt}, the
     * plaintext as text ({@link Use.Plaintext#plaintext()}; its {@code toString()} never shows it).
     *
     * @throws ApiException {@code invalid_request} naming {@code data} when the plaintext is not UTF-8 text (use
     *     {@link #decryptBytes}) or the ciphertext does not decrypt with this key
     */
    public Use.Plaintext decrypt(String key, String ciphertext) {
        return withSession(() -> transit.decryptTextAnswer(key, ciphertext, null));
    }

    /** {@code POST /v1/vaults/{vault}/transit/{key…}/decrypt}: the plaintext's bytes, whatever they are. */
    public byte[] decryptBytes(String key, String ciphertext) {
        return withSession(() -> transit.decrypt(key, ciphertext, null));
    }

    /**
     * The same client without blocking: every operation returning a {@link java.util.concurrent.CompletableFuture},
     * on this client's session and leases.
     */
    public AsyncAgentClient async() {
        return async;
    }

    /** {@link #retrieveRaw(String, Duration)} with the server's default lease time (15 minutes); the value only. */
    public String retrieve(String path) {
        return retrieveRaw(path, null).value().reveal();
    }

    /** {@link #retrieveRaw(String, Duration)}; the value only ({@link Lease.Retrieved#fields()} for a structured one). */
    public String retrieve(String path, @Nullable Duration ttl) {
        return retrieveRaw(path, ttl).value().reveal();
    }

    /** {@link #retrieveRaw(String, Duration)} with the server's default lease time (15 minutes). */
    public Lease.Retrieved retrieveRaw(String path) {
        return retrieveRaw(path, null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path…}/retrieve}: the raw value on a lease of {@code ttl} (null: the
     * server's default), remembered so that {@link #close()} releases it.
     *
     * @throws AccessDeniedException without {@code lease} on the secret
     * @throws CredentialNotFoundException when there is no secret at {@code path}
     */
    public Lease.Retrieved retrieveRaw(String path, @Nullable Duration ttl) {
        return tracked(withSession(() -> leaseOperations.retrieve(path, ttl, null, null)));
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets?recursive=true}, page after page: metadata (never values) of every secret
     * of the vault the agent may list — for an agent whose policy is {@code app/**}, the secrets of {@code app}. No
     * {@code list} on the whole vault is needed; an agent allowed nothing gets an empty list.
     */
    public List<Secret.Item> list() {
        return list(null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/secrets?prefix=P&recursive=true}, page after page: metadata (never values) of
     * the secrets under {@code prefix} (e.g. {@code app/}) the agent may list; empty when it may list none of them.
     */
    public List<Secret.Item> list(@Nullable String prefix) {
        ListQuery query = ListQuery.all().prefix(prefix).recursive(true);
        return withSession(() -> {
            var items = new ArrayList<Secret.Item>();
            secrets.listAll(query).forEach(items::add);
            return items;
        });
    }

    /**
     * {@code POST /v1/leases/release}: ends the lease now; the value it handed out should be forgotten.
     *
     * @throws LeaseExpiredException if it had ended already (it is forgotten all the same)
     */
    public void releaseLease(String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        try {
            withSession(() -> {
                leaseOperations.release(leaseId);
                return null;
            });
        } finally {
            leases.remove(leaseId);
        }
    }

    /** Remembers the lease of {@code retrieved} for {@link #close()} to release. */
    Lease.Retrieved tracked(Lease.Retrieved retrieved) {
        if (retrieved.leaseId() != null) {
            leases.add(retrieved.leaseId());
        }
        return retrieved;
    }

    /** Forgets a lease that was released (or had ended). */
    void forget(String leaseId) {
        leases.remove(leaseId);
    }

    /** The lease ids retrieved through this client and not yet released. */
    public Set<String> leases() {
        return Set.copyOf(leases);
    }

    /** The agent's name. */
    public String agent() {
        return agent;
    }

    /** The vault (name or {@code vault_…} id) the agent belongs to. */
    public String vault() {
        return vault;
    }

    /** Where the server is: {@code unix:/…/arca.sock} or {@code http(s)://…}. */
    public URI address() {
        return transport.address();
    }

    /**
     * Releases every lease still held ({@code POST /v1/leases/release} each; one that already ended is skipped),
     * then closes the connections. A release that fails otherwise does not stop the others; the first such failure
     * is thrown at the end.
     */
    @Override
    public void close() {
        ArcaException failed = null;
        try {
            for (String leaseId : List.copyOf(leases)) {
                try {
                    releaseLease(leaseId);
                } catch (LeaseExpiredException ended) {
                    // expired or revoked meanwhile: nothing left to give back
                } catch (ArcaException e) {
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
        } finally {
            transport.close();
            anonymous.close();
        }
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public String toString() {
        return "AgentClient[agent=" + agent + ", vault=" + vault + ", address=" + address() + ", session=<redacted>]";
    }

    /** {@code POST /v1/auth/agent/challenge} + {@code /session}: a new session token. */
    private void authenticate() {
        sessionToken = new AuthOperations(anonymous).agentSession(vault, agent, key).token();
    }

    /** Runs {@code call}; after {@code session_expired}, starts a new session and runs it once more. */
    private <T> T withSession(Supplier<T> call) {
        try {
            return call.get();
        } catch (SessionExpiredException expired) {
            authenticate();
            return call.get();
        }
    }

    /**
     * {@link #withSession} for a call that returns a future: after {@code session_expired}, a new session is started
     * (without blocking) and the call made once more.
     */
    <T> CompletableFuture<T> withSessionAsync(Supplier<CompletableFuture<T>> call) {
        return call.get().handle((value, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof SessionExpiredException) {
                return new AuthOperations(anonymous).agentSessionAsync(vault, agent, key)
                        .thenCompose(session -> {
                            sessionToken = session.token();
                            return call.get();
                        });
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(next -> next);
    }

    /**
     * What the map form of a use sends: the transit operations to the key's own address without an
     * {@code operation} field, the others to the secret's use route with it.
     */
    record OperationCall(RequestTarget target, Map<String, Object> body) {
        static OperationCall of(String vault, String path, String operation, @Nullable Map<String, ?> params) {
            Objects.requireNonNull(operation, "operation");
            var body = new LinkedHashMap<String, Object>(params == null ? Map.of() : params);
            if (body.containsKey("operation")) {
                throw new IllegalArgumentException("give the operation as its own argument, not in params");
            }
            if (TRANSIT_OPERATIONS.contains(operation)) {
                return new OperationCall(TransitOperations.keyOf(vault, path).segment(operation), body);
            }
            body.put("operation", operation);
            return new OperationCall(UseOperations.useOf(vault, path), body);
        }
    }

    /**
     * Options of an {@link AgentClient}; setters validate at once and throw {@link ConfigurationException}.
     * Defaults come from {@code ARCA_HOME} ({@code ~/.arca}), {@code ARCA_SOCKET} and {@code ARCA_VAULT}.
     */
    public static final class Builder {
        private final String agent;
        private Map<String, String> env = System.getenv();
        private @Nullable Path socketPath;
        private @Nullable URI address;
        private @Nullable Path keyPath;
        private char @Nullable [] passphrase;
        private @Nullable String vault;
        private Duration timeout = ArcaClient.DEFAULT_TIMEOUT;
        private int retries = RetryPolicy.DEFAULT.retries();

        private Builder(String agent) {
            Objects.requireNonNull(agent, "agent");
            if (agent.isBlank()) {
                throw new ConfigurationException("the agent name must not be blank");
            }
            this.agent = agent;
        }

        /** The variables the defaults are read from (tests give their own); {@link System#getenv()} otherwise. */
        Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /**
         * The server's Unix socket ({@code arca server --socket PATH}); by default {@code ARCA_SOCKET}, else
         * {@code $ARCA_HOME/arca.sock}. Excludes {@link #host}/{@link #address}.
         */
        public Builder socketPath(Path socketPath) {
            this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
            this.address = null;
            return this;
        }

        /** TCP instead of the socket: {@code http://host:port}, so only a loopback host (see {@link #address}). */
        public Builder host(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new ConfigurationException("the port must be 1..65535, not " + port);
            }
            return address("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        }

        /**
         * TCP instead of the socket, to a base address as for {@link ArcaClient.Builder#address(String)}: https, or
         * plain http to a loopback host only.
         */
        public Builder address(String address) {
            this.address = ArcaClient.builder().address(address).address();
            this.socketPath = null;
            return this;
        }

        /** The agent's Ed25519 private key (PKCS#8 PEM); by default {@code $ARCA_HOME/keys/<agent>.key}. */
        public Builder keyPath(Path keyPath) {
            this.keyPath = Objects.requireNonNull(keyPath, "keyPath");
            return this;
        }

        /** The passphrase of an encrypted key file; copied, and wiped once {@link #connect()} has read the key. */
        public Builder passphrase(char @Nullable [] passphrase) {
            this.passphrase = passphrase == null ? null : passphrase.clone();
            return this;
        }

        /** The agent's vault (name or {@code vault_…} id); by default {@code ARCA_VAULT}, else {@code default}. */
        public Builder vault(String vault) {
            this.vault = Options.vault(vault);
            return this;
        }

        /** How long connecting and each request may take; 15 s by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Options.timeout(timeout);
            return this;
        }

        /**
         * How many times a request is sent again after a {@code 429}, a {@code 503} or a connection that could not
         * be made, as {@link ArcaClient.Builder#retries(int)}; 3 by default, 0 disables retries.
         */
        public Builder retries(int retries) {
            this.retries = Options.retries(retries);
            return this;
        }

        /**
         * Reads the key and starts a session ({@code POST /v1/auth/agent/challenge}, then
         * {@code POST /v1/auth/agent/session}).
         *
         * @throws AuthenticationException if the server refuses the agent or its key
         * @throws ConfigurationException if the key file is missing or unreadable
         * @throws ConnectionException if the server cannot be reached
         */
        public AgentClient connect() {
            PrivateKey key;
            try {
                key = PemKeyFile.readPrivateKey(keyPath(), passphrase);
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                    passphrase = null;
                }
            }
            var client = new AgentClient(this, key);
            try {
                client.authenticate();
                return client;
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }

        private Path home() {
            String home = nonBlank(env.get("ARCA_HOME"));
            return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".arca");
        }

        private Path keyPath() {
            return keyPath != null ? keyPath : home().resolve("keys").resolve(agent + ".key");
        }

        private String vault() {
            if (vault != null) {
                return vault;
            }
            String fromEnv = nonBlank(env.get("ARCA_VAULT"));
            return fromEnv != null ? fromEnv : "default";
        }

        private Path socketPath() {
            if (socketPath != null) {
                return socketPath;
            }
            String fromEnv = nonBlank(env.get("ARCA_SOCKET"));
            // the server takes ARCA_SOCKET=true for its default path; so does the client
            return fromEnv != null && !fromEnv.equalsIgnoreCase("true") ? Path.of(fromEnv)
                    : home().resolve("arca.sock");
        }

        private HttpTransport transport(HttpTransport.Credential credential) {
            // retries as an ArcaClient's; the one re-send after a new session is AgentClient's own
            var policy = new RetryPolicy(retries, RetryPolicy.DEFAULT.backoff());
            return address != null ? new HttpTransport(address, credential, timeout, policy)
                    : HttpTransport.unixSocket(socketPath(), credential, timeout, policy);
        }

        private static @Nullable String nonBlank(@Nullable String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }

        @Override
        public String toString() {
            return "AgentClient.Builder[agent=" + agent + ", address=" + (address != null ? address : socketPath)
                    + ", vault=" + vault + ", passphrase=<redacted>]";
        }
    }
}
