package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Lease;
import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.api.Use;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The non-blocking face of an {@link AgentClient}: a twin of each of its operations returning a
 * {@link CompletableFuture} that completes with what the blocking method returns or fails with the exception it
 * throws. It shares the agent's session (renewed without blocking after {@code session_expired}, the request then
 * sent once more) and its leases: one retrieved here is released by {@link AgentClient#close()} as well. Reached by
 * {@link AgentClient#async()}; closing it closes the agent client.
 *
 * <pre>{@code
 * try (var agent = AgentClient.connect("deploy-bot")) {
 *     agent.async().encrypt("app/orders", "card 4242")
 *             .thenCompose(sealed -> agent.async().decrypt("app/orders", sealed.ciphertext()))
 *             .thenAccept(plain -> use(plain.plaintext().reveal())).join();
 * }
 * }</pre>
 */
public final class AsyncAgentClient implements AutoCloseable {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<Page<Secret.Item>> PAGE = new TypeReference<>() {};

    private final AgentClient agent;
    private final HttpTransport transport;
    private final String vault;
    private final AsyncUseOperations use;
    private final AsyncTransitOperations transit;
    private final AsyncLeaseOperations leases;

    AsyncAgentClient(AgentClient agent, HttpTransport transport, String vault) {
        this.agent = agent;
        this.transport = transport;
        this.vault = vault;
        this.use = new AsyncUseOperations(transport, vault);
        this.transit = new AsyncTransitOperations(transport, vault);
        this.leases = new AsyncLeaseOperations(transport, vault);
    }

    /** {@link AgentClient#useCredential}: any operation with its wire fields, the answer as a map. */
    public CompletableFuture<Map<String, Object>> useCredential(String path, String operation,
            Map<String, ?> params) {
        var call = AgentClient.OperationCall.of(vault, path, operation, params);
        return agent.withSessionAsync(() -> transport.callAsync("POST", call.target(), call.body(), MAP));
    }

    /** {@link AgentClient#httpRequest}: {@code http_request} through the vault. */
    public CompletableFuture<Use.HttpResponse> httpRequest(String path, UpstreamRequest call,
            HeaderInjection injection) {
        return agent.withSessionAsync(() -> use.httpRequest(path, call, injection));
    }

    /** {@link AgentClient#httpHeader}: the ready-made header (needs {@code use:header}). */
    public CompletableFuture<Use.Header> httpHeader(String path, HeaderInjection injection) {
        return agent.withSessionAsync(() -> use.httpHeader(path, injection));
    }

    /** {@link AgentClient#sign}: the MAC of {@code data} keyed by the secret. */
    public CompletableFuture<Use.Signature> sign(String path, String algorithm, byte[] data) {
        return agent.withSessionAsync(() -> use.sign(path, algorithm, data));
    }

    /** {@link AgentClient#verify}: whether {@code signature} is the MAC of {@code data}. */
    public CompletableFuture<Boolean> verify(String path, String algorithm, byte[] data, String signature) {
        return agent.withSessionAsync(() -> use.verify(path, algorithm, data, signature));
    }

    /** {@link AgentClient#encrypt(String, String)}: SanctumAI's {@code encrypt {data}}. */
    public CompletableFuture<Use.Ciphertext> encrypt(String key, String text) {
        return agent.withSessionAsync(() -> transit.encryptText(key, text, null));
    }

    /** {@link AgentClient#encrypt(String, byte[])}: a ciphertext of any bytes. */
    public CompletableFuture<Use.Ciphertext> encrypt(String key, byte[] plaintext) {
        return agent.withSessionAsync(() -> transit.encrypt(key, plaintext, null));
    }

    /** {@link AgentClient#decrypt}: SanctumAI's {@code decrypt {data}}, the plaintext as text. */
    public CompletableFuture<Use.Plaintext> decrypt(String key, String ciphertext) {
        return agent.withSessionAsync(() -> transit.decryptTextAnswer(key, ciphertext, null));
    }

    /** {@link AgentClient#decryptBytes}: the plaintext's bytes. */
    public CompletableFuture<byte[]> decryptBytes(String key, String ciphertext) {
        return agent.withSessionAsync(() -> transit.decrypt(key, ciphertext, null));
    }

    /** {@link AgentClient#retrieve(String)}: the value, on a lease of the server's default time. */
    public CompletableFuture<String> retrieve(String path) {
        return retrieve(path, null);
    }

    /** {@link AgentClient#retrieve(String, Duration)}: the value, on a lease of {@code ttl} (null: the default). */
    public CompletableFuture<String> retrieve(String path, @Nullable Duration ttl) {
        return retrieveRaw(path, ttl).thenApply(retrieved -> retrieved.value().reveal());
    }

    /** {@link AgentClient#retrieveRaw(String)}. */
    public CompletableFuture<Lease.Retrieved> retrieveRaw(String path) {
        return retrieveRaw(path, null);
    }

    /** {@link AgentClient#retrieveRaw(String, Duration)}: the lease is remembered for the agent's close to release. */
    public CompletableFuture<Lease.Retrieved> retrieveRaw(String path, @Nullable Duration ttl) {
        return agent.withSessionAsync(() -> leases.retrieve(path, ttl, null, null)).thenApply(agent::tracked);
    }

    /** {@link AgentClient#list()}: metadata of every secret of the vault the agent may list, page after page. */
    public CompletableFuture<List<Secret.Item>> list() {
        return list(null);
    }

    /** {@link AgentClient#list(String)}: metadata of the secrets under {@code prefix}, page after page. */
    public CompletableFuture<List<Secret.Item>> list(@Nullable String prefix) {
        ListQuery query = ListQuery.all().prefix(prefix).recursive(true);
        return agent.withSessionAsync(() -> pages(query, new ArrayList<>()));
    }

    /** {@link AgentClient#releaseLease}: ends the lease now and forgets it, even when it had ended already. */
    public CompletableFuture<Void> releaseLease(String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        return agent.withSessionAsync(() -> leases.release(leaseId))
                .whenComplete((none, failure) -> agent.forget(leaseId));
    }

    /** Closes the agent client, as {@link AgentClient#close()}: its leases are released first. */
    @Override
    public void close() {
        agent.close();
    }

    @Override
    public String toString() {
        return "AsyncAgentClient[" + agent + "]";
    }

    /** The pages from {@code query} on, each asked for once the previous one arrived. */
    private CompletableFuture<List<Secret.Item>> pages(ListQuery query, List<Secret.Item> items) {
        return transport.callAsync("GET", query.addTo(SecretOperations.secretsOf(vault)), null, PAGE)
                .thenCompose(page -> {
                    items.addAll(page.data());
                    if (page.hasMore() && page.cursor() != null) {
                        return pages(query.cursor(page.cursor()), items);
                    }
                    return CompletableFuture.completedFuture(List.copyOf(items));
                });
    }
}
