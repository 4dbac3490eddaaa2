package dev.arca.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The non-blocking face of an {@link ArcaClient}: the same address, credential, vault, retries and connection
 * pool, with operations that return {@link java.util.concurrent.CompletableFuture}s. Each completes with what the
 * blocking method returns or fails with the exception it throws (wrapped in a
 * {@link java.util.concurrent.CompletionException} by {@code join()}); requests go out through the transport's own
 * asynchronous path and retries wait on a timer, so no caller thread blocks. Reached by {@link ArcaClient#async()}.
 *
 * <p>Secrets, policies, leases, use, transit, PKI, the database engine, dynamic credentials, rotation policies and
 * the ACME client have a twin of every blocking operation (kept so by {@code AsyncParityTest}); the administrative
 * areas of {@link ArcaClient} (vaults, projects, machines, tokens, clients, agents, users, groups, sys, auth) are
 * blocking only: they are called at set-up, where a blocking call costs nothing.
 *
 * <p>It owns nothing of its own: it shares the {@link ArcaClient}'s transport, so closing either closes both (a
 * second close does nothing). Use it in try-with-resources when the async face is all a program needs.
 *
 * <pre>{@code
 * try (AsyncArcaClient arca = ArcaClient.fromEnv().async()) {
 *     arca.secrets().readField("app/db", "password").thenAccept(pool::setPassword).join();
 * }
 * }</pre>
 */
public final class AsyncArcaClient implements AutoCloseable {
    private final AsyncSecretOperations secrets;
    private final AsyncPolicyOperations policies;
    private final AsyncLeaseOperations leases;
    private final AsyncUseOperations use;
    private final AsyncTransitOperations transit;
    private final AsyncPkiOperations pki;
    private final AsyncDatabaseOperations database;
    private final AsyncDynamicOperations dynamic;
    private final AsyncRotationOperations rotation;
    private final AsyncAcmeOperations acme;
    private final Runnable closeClient;

    AsyncArcaClient(HttpTransport transport, @Nullable String vault, SecretCache cache, Runnable closeClient) {
        this.secrets = new AsyncSecretOperations(transport, vault, cache);
        this.policies = new AsyncPolicyOperations(transport, vault);
        this.leases = new AsyncLeaseOperations(transport, vault);
        this.use = new AsyncUseOperations(transport, vault);
        this.transit = new AsyncTransitOperations(transport, vault);
        this.pki = new AsyncPkiOperations(transport, vault);
        this.database = new AsyncDatabaseOperations(transport, vault);
        this.dynamic = new AsyncDynamicOperations(transport, vault);
        this.rotation = new AsyncRotationOperations(transport, vault);
        this.acme = new AsyncAcmeOperations(transport, vault);
        this.closeClient = closeClient;
    }

    /** Secrets of the client's vault; {@link AsyncSecretOperations#withVault(String)} reaches another vault. */
    public AsyncSecretOperations secrets() {
        return secrets;
    }

    /** Policies of the client's vault, as {@link ArcaClient#policies()}. */
    public AsyncPolicyOperations policies() {
        return policies;
    }

    /** Leases, as {@link ArcaClient#leases()}. */
    public AsyncLeaseOperations leases() {
        return leases;
    }

    /** Using secrets without retrieving them, as {@link ArcaClient#use()}. */
    public AsyncUseOperations use() {
        return use;
    }

    /** Transit keys of the client's vault, as {@link ArcaClient#transit()}. */
    public AsyncTransitOperations transit() {
        return transit;
    }

    /** The PKI engine of the client's vault, as {@link ArcaClient#pki()}. */
    public AsyncPkiOperations pki() {
        return pki;
    }

    /** The database engine of the client's vault, as {@link ArcaClient#database()}. */
    public AsyncDatabaseOperations database() {
        return database;
    }

    /** Dynamic credentials, as {@link ArcaClient#dynamic()}. */
    public AsyncDynamicOperations dynamic() {
        return dynamic;
    }

    /** Rotation policies of the client's vault, as {@link ArcaClient#rotation()}. */
    public AsyncRotationOperations rotation() {
        return rotation;
    }

    /** The ACME client of the client's vault, as {@link ArcaClient#acme()}. */
    public AsyncAcmeOperations acme() {
        return acme;
    }

    /**
     * Closes the {@link ArcaClient} this is the async face of ({@link ArcaClient#close()}): futures still under way
     * fail, later calls fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        closeClient.run();
    }

    @Override
    public String toString() {
        return "AsyncArcaClient[" + secrets + "]";
    }
}
