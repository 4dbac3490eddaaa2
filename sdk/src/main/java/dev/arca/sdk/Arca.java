package dev.arca.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.arca.api.ErrorCode;
import dev.arca.api.Json;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The machine client: reads secrets as one enrolled machine, signing every request with its Ed25519 key
 * (DESIGN §6). One line on a host with an identity, one call in a serverless function without a disk:
 *
 * <pre>{@code
 * try (Arca arca = Arca.open()) {
 *     String password = arca.getField("sk_…", "password");
 * }
 * try (Arca arca = Arca.bootstrapInMemory("vault_…", System.getenv("ARCA_ENROLLMENT_TOKEN"))) { … }
 * try (Arca arca = Arca.builder().timeout(Duration.ofSeconds(5)).retries(5)
 *         .retryBackoff(Duration.ofMillis(200), 1.5).open()) { … }
 * }</pre>
 *
 * <p>A secret is named by its {@code sk_…} id ({@code GET /v1/secrets/{id}}) or, for convenience, by its path in the
 * machine's vault ({@code app/db}, {@code GET /v1/vaults/{vault}/secrets/{path}}). Thread-safe; built on
 * {@link ArcaClient}, reachable with {@link #client()} for everything else.
 */
public final class Arca implements AutoCloseable {
    /** The least interval between two re-openings of the watch stream after it ended. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(10);
    /** The interval used until {@link #setPollInterval} changes it. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);

    private static final String VAULT_PREFIX = "vault_";

    private final MachineIdentity identity;
    private final ArcaClient client;
    private final SecretWatcher watcher;
    private boolean closed;

    private Arca(MachineIdentity identity, Builder options) {
        this.identity = identity;
        // no value cache: a machine client reads fresh and learns of changes by watching
        this.client = options.client().identity(identity).cacheTtl(Duration.ZERO).build();
        this.watcher = new SecretWatcher(client.secrets(), DEFAULT_POLL_INTERVAL);
    }

    // ---- opening -------------------------------------------------------------------------------------------------

    /**
     * Options for opening or bootstrapping a machine client other than the defaults ({@link Builder}): the same
     * timeout, retries and signature provider as {@link ArcaClient.Builder}'s. The static methods below are this
     * builder's with every default.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The identity found without a choice: {@code ARCA_IDENTITY} (a path to an {@code identity.json} or a vault id),
     * else the only vault under {@code $ARCA_HOME/vaults} ({@code ~/.arca} when unset).
     *
     * @throws ConfigurationException if there is no identity, several and no choice, or its key cannot be read
     */
    public static Arca open() {
        return builder().open();
    }

    /**
     * The identity {@code choice} names: a path to an {@code identity.json} (a string starting with {@code /} or
     * containing {@code identity.json}), else a vault id ({@code vault_} added if missing) under
     * {@code $ARCA_HOME/vaults/<id>/identity.json}.
     *
     * @throws ConfigurationException if there is no such identity or its key cannot be read
     */
    public static Arca open(String choice) {
        return builder().open(choice);
    }

    /** The identity in this {@code identity.json}; see {@link #open(String)}. */
    public static Arca open(Path identityJson) {
        return builder().open(identityJson);
    }

    /** {@link #open(String)} (or {@link #open()} for a null choice) with this environment instead of the process's. */
    static Arca open(@Nullable String choice, Map<String, String> env) {
        return builder().open(choice, env);
    }

    /** Where the identity is, in the documented order; package-private so tests check it without a server. */
    static Path resolve(@Nullable String choice, Map<String, String> env) {
        if (choice != null && !choice.isBlank()) {
            return fromChoice(choice.trim(), env, "the identity asked for");
        }
        String fromEnv = env.get("ARCA_IDENTITY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromChoice(fromEnv.trim(), env, "ARCA_IDENTITY");
        }
        List<String> vaults = vaultsUnder(home(env));
        if (vaults.isEmpty()) {
            throw new ConfigurationException("no machine identity: none under " + home(env).resolve("vaults")
                    + " and ARCA_IDENTITY is not set; enroll this machine with arca machine enroll, or set"
                    + " ARCA_HOME or ARCA_IDENTITY");
        }
        if (vaults.size() > 1) {
            throw new ConfigurationException("several machine identities under " + home(env).resolve("vaults")
                    + " (" + String.join(", ", vaults) + "): choose one with Arca.open(\"<vault id>\") or ARCA_IDENTITY");
        }
        return MachineIdentity.defaultFile(home(env), vaults.get(0));
    }

    private static Path fromChoice(String choice, Map<String, String> env, String source) {
        if (choice.startsWith("/") || choice.contains(MachineIdentity.IDENTITY_FILE)) {
            return Path.of(choice);
        }
        String vaultId = choice.startsWith(VAULT_PREFIX) ? choice : VAULT_PREFIX + choice;
        Path file = MachineIdentity.defaultFile(home(env), vaultId);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("no machine identity for " + vaultId + " (" + source + ") at " + file
                    + ": enroll this machine in that vault with arca machine enroll, or check ARCA_HOME");
        }
        return file;
    }

    /**
     * The vault ids that have an identity under {@code $ARCA_HOME/vaults} ({@code ~/.arca} when unset), sorted.
     */
    public static List<String> listVaults() {
        return vaultsUnder(home(System.getenv()));
    }

    static List<String> vaultsUnder(Path home) {
        Path vaults = home.resolve("vaults");
        if (!Files.isDirectory(vaults)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(vaults)) {
            return entries.filter(dir -> Files.isRegularFile(dir.resolve(MachineIdentity.IDENTITY_FILE)))
                    .map(dir -> dir.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new ConfigurationException("cannot list " + vaults + " (" + e.getClass().getSimpleName()
                    + "); check its permissions");
        }
    }

    static Path home(Map<String, String> env) {
        String home = env.get("ARCA_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".arca");
    }

    /** The passphrase in {@code ARCA_PASSPHRASE_FILE} (without its final line break); null when unset. */
    private static char @Nullable [] passphrase(Map<String, String> env) {
        String file = env.get("ARCA_PASSPHRASE_FILE");
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            return text.toCharArray();
        } catch (IOException e) {
            throw new ConfigurationException("cannot read ARCA_PASSPHRASE_FILE " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    // ---- serverless bootstrap -------------------------------------------------------------------------------------

    /** {@link #bootstrapInMemory(String, String, BootstrapOptions)} with {@link BootstrapOptions#defaults()}. */
    public static Arca bootstrapInMemory(String vault, String enrollmentToken) {
        return builder().bootstrapInMemory(vault, enrollmentToken);
    }

    /**
     * Enrolls a machine with a key pair made in memory ({@code POST /v1/enroll}) and returns a client signing as it.
     * Nothing is written to disk: the key lives as long as this client. Meant for ephemeral enrollment tokens
     * ({@code arca machine token create --ephemeral --auto-approve}) in serverless functions and jobs.
     *
     * @param vault the vault's {@code vault_…} id or name, as given (no prefix is added)
     * @throws AuthenticationException if the enrollment token is unknown, used up or expired
     * @throws AccessDeniedException if this host or IP address may not enroll with it
     * @throws SealedException if the server is sealed
     */
    public static Arca bootstrapInMemory(String vault, String enrollmentToken, BootstrapOptions options) {
        return builder().bootstrapInMemory(vault, enrollmentToken, options);
    }

    static Arca bootstrapInMemory(String vault, String enrollmentToken, BootstrapOptions options,
            Map<String, String> env) {
        return builder().bootstrapInMemory(vault, enrollmentToken, options, env);
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /**
     * The current value of a secret by {@code sk_…} id or path. A single value is returned as it is; a structured
     * secret as the JSON object of its fields ({@code {"password":"…","user":"…"}}, keys sorted) — use
     * {@link #getFields} or {@link #getField} to read it field by field.
     *
     * @throws NotFoundException if there is no such secret
     * @throws AccessDeniedException if the machine may not read it
     */
    public String getSecret(String secret) {
        Secret read = read(secret, null);
        if (read.value() != null || read.fields() == null) {
            return read.value().reveal();
        }
        try {
            return Json.strict().writeValueAsString(new TreeMap<>(SecretText.revealAll(read.fields())));
        } catch (JsonProcessingException e) {
            throw new ArcaException("cannot render the fields of " + secret + " as JSON");
        }
    }

    /**
     * The fields of a structured secret by {@code sk_…} id or path.
     *
     * @throws SecretStructureException if the secret holds a single value
     */
    public Map<String, String> getFields(String secret) {
        Secret read = read(secret, null);
        if (read.fields() == null) {
            throw new SecretStructureException(ErrorCode.SECRET_STRUCTURE.status(), ErrorCode.SECRET_STRUCTURE.wire(),
                    "the secret " + secret + " holds a single value, not fields: read it with getSecret", Map.of(),
                    null);
        }
        return Map.copyOf(SecretText.revealAll(read.fields()));
    }

    /**
     * One field of a structured secret ({@code ?field=F} on the read route).
     *
     * @throws FieldNotFoundException if it has no such field; {@link FieldNotFoundException#availableFields()}
     *     names those it has
     * @throws SecretStructureException if the secret holds a single value
     */
    public String getField(String secret, String field) {
        return read(secret, Objects.requireNonNull(field, "field")).value().reveal();
    }

    private Secret read(String secret, @Nullable String field) {
        // SecretOperations.read takes a path or an sk_… id
        return client.secrets().read(Objects.requireNonNull(secret, "secret"), null, field);
    }

    /**
     * Every secret of the machine's vault that it may list ({@code GET /v1/vaults/{vault}/secrets}, all pages): for a
     * machine enrolled with {@code --projects app}, the secrets of {@code app}; with {@code --secrets app/db}, that
     * one. No rule on the whole vault is needed.
     */
    public List<SecretListItem> listSecrets() {
        return list(ListQuery.all());
    }

    /**
     * The listable secrets of one project ({@code GET /v1/vaults/{vault}/secrets?project=P}, all pages); a project
     * that does not exist, or where the machine may list nothing, gives an empty list.
     *
     * @param projectId the project's {@code proj_…} id (see {@link SecretListItem#projectId()}), or its name
     */
    public List<SecretListItem> listSecretsByProject(String projectId) {
        return list(ListQuery.all().project(Objects.requireNonNull(projectId, "projectId")));
    }

    private List<SecretListItem> list(ListQuery query) {
        List<SecretListItem> items = new ArrayList<>();
        client.secrets().listAll(query).forEach(item -> items.add(SecretListItem.of(item)));
        return List.copyOf(items);
    }

    /**
     * Every readable secret of the vault as environment variables ({@code GET /v1/vaults/{vault}/export}), flattened
     * as the server does; names several secrets share are left out.
     */
    public Map<String, String> export() {
        // revealAll keeps null only for a null map; an export always has its variables
        return Objects.requireNonNull(SecretText.revealAll(client.secrets().export().variables()));
    }

    /**
     * One project's readable secrets as environment variables ({@code GET /v1/vaults/{vault}/export?project=P}), in
     * one request: no listing first, so a machine granted only {@code read} exports too. A project that does not
     * exist, or where the machine may read nothing, exports nothing.
     *
     * @param projectId the project's {@code proj_…} id, or its name
     */
    public Map<String, String> export(String projectId) {
        Objects.requireNonNull(projectId, "projectId");
        // revealAll keeps null only for a null map; an export always has its variables
        return Objects.requireNonNull(SecretText.revealAll(client.secrets().export(projectId).variables()));
    }

    // ---- watching ------------------------------------------------------------------------------------------------

    /**
     * Calls {@code callback} with each change to the secret, from a server-sent event stream
     * ({@code GET /v1/vaults/{vault}/events?secrets=…}) shared by every watch of this client, so a change arrives
     * within about a second. Callbacks run on SDK threads, serially per secret; one that throws or blocks does not
     * stop the others. Watching the same secret again replaces its callback. Reload on
     * {@link WatchEvent#isNewValue()} (a change, or a rotation run's new version); the rotation notices
     * ({@link WatchStatus#ROTATION_DUE}, {@link WatchStatus#ROTATION_FAILED}) leave the value as it was.
     *
     * @param secret an {@code sk_…} id, or a path: its id is looked up once, now
     *     ({@link SecretOperations#idOf(String)}), and the watch follows that secret
     * @throws NotFoundException if no secret this machine may list is at that path
     */
    public void watch(String secret, Consumer<WatchEvent> callback) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(callback, "callback");
        watcher.watch(SecretOperations.isId(secret) ? secret : client.secrets().idOf(secret), callback);
    }

    /**
     * Stops watching the secret; no callback for it starts after this returns.
     *
     * @param secret the {@code sk_…} id, or the path, as watched (a path is looked up again)
     */
    public void unwatch(String secret) {
        Objects.requireNonNull(secret, "secret");
        watcher.unwatch(SecretOperations.isId(secret) ? secret : client.secrets().idOf(secret));
    }

    /**
     * How long to wait before re-opening the watch stream after it ended or failed (the server may ask for more);
     * 15 s by default.
     *
     * @throws IllegalArgumentException below {@link #MIN_POLL_INTERVAL} (10 s)
     */
    public void setPollInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_POLL_INTERVAL) < 0) {
            throw new IllegalArgumentException("the poll interval must be at least 10 s, not " + interval);
        }
        watcher.pollInterval(interval);
    }

    // ---- identity ------------------------------------------------------------------------------------------------

    /** The {@code mach_…} id this client signs as. */
    public String machineId() {
        return identity.machineId();
    }

    /** The machine's name; may be null for an identity written by hand. */
    public @Nullable String machineName() {
        return identity.machineName();
    }

    /** The {@code vault_…} id of the machine's vault. */
    public String vaultId() {
        return identity.vaultId();
    }

    /** The server this client talks to. */
    public URI apiUrl() {
        return client.address();
    }

    /** The underlying service client, signing as this machine, for routes this class does not cover. */
    public ArcaClient client() {
        return client;
    }

    /** Stops every watch and releases the HTTP threads; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            watcher.close();
            client.close();
        }
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("machine", machineId());
        shown.put("vault", vaultId());
        shown.put("api", apiUrl());
        return "Arca" + shown + " key=<redacted>";
    }

    /**
     * How a machine client talks to the server, like {@link ArcaClient.Builder}: every setter validates at once and
     * throws {@link IllegalArgumentException} saying what to give instead; one of the {@code open} or
     * {@code bootstrapInMemory} methods then makes the client. Not thread-safe; reusable.
     */
    public static final class Builder {
        private Duration timeout = ArcaClient.DEFAULT_TIMEOUT;
        private int retries = RetryPolicy.DEFAULT.retries();
        private Duration backoff = RetryPolicy.DEFAULT.backoff();
        private double backoffMultiplier = RetryPolicy.DEFAULT.multiplier();
        private @Nullable Provider signatureProvider;
        private RetryPolicy.Sleeper sleeper = RetryPolicy.Sleeper.THREAD;

        private Builder() {}

        /** See {@link ArcaClient.Builder#timeout(Duration)}; 15 s by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Options.timeout(timeout);
            return this;
        }

        /** See {@link ArcaClient.Builder#retries(int)}: which failures are sent again; 3 by default. */
        public Builder retries(int retries) {
            this.retries = Options.retries(retries);
            return this;
        }

        /** See {@link ArcaClient.Builder#retryBackoff(Duration, double)}; 1 s, doubled, by default. */
        public Builder retryBackoff(Duration initial, double multiplier) {
            new RetryPolicy(retries, initial, multiplier, sleeper); // refuses impossible values now
            this.backoff = initial;
            this.backoffMultiplier = multiplier;
            return this;
        }

        /** See {@link ArcaClient.Builder#signatureProvider(Provider)}: the JCA provider of the Ed25519 signatures. */
        public Builder signatureProvider(Provider provider) {
            this.signatureProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** How a blocking call waits between attempts; tests record the waits instead of sleeping. */
        Builder sleeper(RetryPolicy.Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** {@link Arca#open()} with these options. */
        public Arca open() {
            return open((String) null, System.getenv());
        }

        /** {@link Arca#open(String)} with these options. */
        public Arca open(String choice) {
            return open(Objects.requireNonNull(choice, "choice"), System.getenv());
        }

        /** {@link Arca#open(Path)} with these options. */
        public Arca open(Path identityJson) {
            Objects.requireNonNull(identityJson, "identityJson");
            return new Arca(MachineIdentity.load(identityJson, passphrase(System.getenv())), this);
        }

        Arca open(@Nullable String choice, Map<String, String> env) {
            return new Arca(MachineIdentity.load(resolve(choice, env), passphrase(env)), this);
        }

        /** {@link Arca#bootstrapInMemory(String, String)} with these options. */
        public Arca bootstrapInMemory(String vault, String enrollmentToken) {
            return bootstrapInMemory(vault, enrollmentToken, BootstrapOptions.defaults());
        }

        /**
         * {@link Arca#bootstrapInMemory(String, String, BootstrapOptions)} with these options, for the enrollment
         * too.
         */
        public Arca bootstrapInMemory(String vault, String enrollmentToken, BootstrapOptions options) {
            return bootstrapInMemory(vault, enrollmentToken, options, System.getenv());
        }

        Arca bootstrapInMemory(String vault, String enrollmentToken, BootstrapOptions options,
                Map<String, String> env) {
            Objects.requireNonNull(vault, "vault");
            Objects.requireNonNull(enrollmentToken, "enrollmentToken");
            Objects.requireNonNull(options, "options");
            Enrollment.Enrolled enrolled;
            try (var anonymous = client().address(options.apiUrl(env)).build()) {
                enrolled = Enrollment.enroll(anonymous, vault, enrollmentToken, options.name(),
                        options.hostname(env));
            }
            if (enrolled.pending()) {
                throw new ConfigurationException("the machine " + enrolled.machine().machineId()
                        + " awaits an admin's approval: bootstrapInMemory needs an auto-approving enrollment token");
            }
            return new Arca(MachineIdentity.inMemory(enrolled), this);
        }

        /** A client builder with these options and no credential yet. */
        private ArcaClient.Builder client() {
            var client = ArcaClient.builder().timeout(timeout).retries(retries)
                    .retryBackoff(backoff, backoffMultiplier).sleeper(sleeper);
            return signatureProvider == null ? client : client.signatureProvider(signatureProvider);
        }

        @Override
        public String toString() {
            return "Arca.Builder[timeout=" + timeout + ", retries=" + retries + ", backoff=" + backoff + " x"
                    + backoffMultiplier + "]";
        }
    }
}
