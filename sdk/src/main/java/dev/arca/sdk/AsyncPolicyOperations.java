package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.IdentityType;
import dev.arca.api.Page;
import dev.arca.api.Policy;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link PolicyOperations} without blocking: each method sends the same request and returns a future that completes
 * with the same answer or fails with the same {@link ArcaException} subclass. Reached by
 * {@link AsyncArcaClient#policies()}; immutable.
 */
public final class AsyncPolicyOperations {
    private static final TypeReference<Page<Policy>> PAGE = new TypeReference<>() {};
    private static final TypeReference<Page<String>> SUBJECTS = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    AsyncPolicyOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncPolicyOperations withVault(String vault) {
        return new AsyncPolicyOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code PUT /v1/vaults/{vault}/policies/{name}}: creates the policy or replaces its rules. */
    public CompletableFuture<Policy> put(String name, List<Policy.Rule> rules) {
        Objects.requireNonNull(rules, "rules");
        return transport.callAsync("PUT", PolicyOperations.policyOf(vault, name), new Policy.Put(rules),
                Policy.class);
    }

    /**
     * {@code PUT /v1/vaults/{vault}/policies/{name}} with a description (ScaiVault's
     * {@code policies.create(name, rules, description)}); the answer carries the policy's {@code pol_…} id. See
     * {@link PolicyOperations#create(String, List, String)}.
     */
    public CompletableFuture<Policy> create(String name, List<Policy.Rule> rules, String description) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(description, "description");
        return transport.callAsync("PUT", PolicyOperations.policyOf(vault, name), new Policy.Put(rules, description),
                Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/policies/{name-or-id}}. */
    public CompletableFuture<Policy> get(String nameOrId) {
        return transport.callAsync("GET", PolicyOperations.policyOf(vault, nameOrId), null, Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/policies}. */
    public CompletableFuture<Page<Policy>> list() {
        return transport.callAsync("GET", PolicyOperations.policiesOf(vault), null, PAGE);
    }

    /** {@code DELETE /v1/vaults/{vault}/policies/{name}}: the policy and its bindings. */
    public CompletableFuture<Void> delete(String name) {
        return transport.callAsync("DELETE", PolicyOperations.policyOf(vault, name), null);
    }

    /** {@code POST /v1/vaults/{vault}/policies/{name}/bindings}: the policy now applies to {@code subject}. */
    public CompletableFuture<Void> bind(String name, String subject) {
        Objects.requireNonNull(subject, "subject");
        return transport.callAsync("POST", PolicyOperations.policyOf(vault, name).segment("bindings"),
                new Policy.Binding(subject));
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/{name-or-id}/bindings} (ScaiVault's
     * {@code bind(policy_id, identity_type, identity_id)}): {@code bind(id, IdentityType.MACHINE, "mach_…")} binds
     * {@code machine:mach_…}. A blank identity or one with {@code :} is refused at once with
     * {@link IllegalArgumentException}.
     */
    public CompletableFuture<Void> bind(String nameOrId, IdentityType type, String identity) {
        Objects.requireNonNull(type, "type");
        return bind(nameOrId, type.subject(identity));
    }

    /** {@code DELETE /v1/vaults/{vault}/policies/{name}/bindings/{subject}}. */
    public CompletableFuture<Void> unbind(String name, String subject) {
        Objects.requireNonNull(subject, "subject");
        return transport.callAsync("DELETE", PolicyOperations.policyOf(vault, name).segment("bindings")
                .segment(subject), null);
    }

    /** {@code DELETE …/policies/{name-or-id}/bindings/{type}:{identity}}: undoes {@link #bind(String, IdentityType, String)}. */
    public CompletableFuture<Void> unbind(String nameOrId, IdentityType type, String identity) {
        Objects.requireNonNull(type, "type");
        return unbind(nameOrId, type.subject(identity));
    }

    /** {@code GET /v1/vaults/{vault}/policies/{name}/bindings}: the subjects the policy is bound to. */
    public CompletableFuture<List<String>> bindings(String name) {
        return transport.callAsync("GET", PolicyOperations.policyOf(vault, name).segment("bindings"), null, SUBJECTS)
                .thenApply(Page::data);
    }

    /** {@code POST /v1/vaults/{vault}/policies/test}: would {@code subject} get {@code permission} on {@code path}? */
    public CompletableFuture<Policy.TestResult> test(Policy.Test test) {
        Objects.requireNonNull(test, "test");
        return transport.callAsync("POST", PolicyOperations.policiesOf(vault).segment("test"), test,
                Policy.TestResult.class);
    }

    @Override
    public String toString() {
        return "AsyncPolicyOperations[vault=" + vault + "]";
    }
}
