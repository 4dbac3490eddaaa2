package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Page;
import dev.arca.api.Policy;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Policies of one vault: named rule lists bound to subjects ({@code user:alice}, {@code group:ops},
 * {@code machine:mach_…}, {@code client:cli_…}, {@code agent:NAME}). Reached by {@link ArcaClient#policies()};
 * immutable.
 */
public final class PolicyOperations {
    private static final TypeReference<Page<Policy>> PAGE = new TypeReference<>() {};
    private static final TypeReference<Page<String>> SUBJECTS = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    PolicyOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public PolicyOperations withVault(String vault) {
        return new PolicyOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /**
     * {@code PUT /v1/vaults/{vault}/policies/{name}}: creates the policy or replaces its rules.
     *
     * @throws ValidationException {@code invalid_request} with {@code details.field} naming the bad rule part
     */
    public Policy put(String name, List<Policy.Rule> rules) {
        Objects.requireNonNull(rules, "rules");
        return transport.call("PUT", policy(name), new Policy.Put(rules), Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/policies/{name}}. */
    public Policy get(String name) {
        return transport.call("GET", policy(name), null, Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/policies}. */
    public Page<Policy> list() {
        return transport.call("GET", policies(), null, PAGE);
    }

    /** {@code DELETE /v1/vaults/{vault}/policies/{name}}: the policy and its bindings. */
    public void delete(String name) {
        transport.call("DELETE", policy(name), null);
    }

    /** {@code POST /v1/vaults/{vault}/policies/{name}/bindings}: the policy now applies to {@code subject}. */
    public void bind(String name, String subject) {
        Objects.requireNonNull(subject, "subject");
        transport.call("POST", policy(name).segment("bindings"), new Policy.Binding(subject));
    }

    /** {@code DELETE /v1/vaults/{vault}/policies/{name}/bindings/{subject}}. */
    public void unbind(String name, String subject) {
        Objects.requireNonNull(subject, "subject");
        transport.call("DELETE", policy(name).segment("bindings").segment(subject), null);
    }

    /** {@code GET /v1/vaults/{vault}/policies/{name}/bindings}: the subjects the policy is bound to. */
    public List<String> bindings(String name) {
        return transport.call("GET", policy(name).segment("bindings"), null, SUBJECTS).data();
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/test}: would {@code subject} get {@code permission} on {@code path}?
     * The answer names the deciding policy and rule and says why.
     */
    public Policy.TestResult test(Policy.Test test) {
        Objects.requireNonNull(test, "test");
        return transport.call("POST", policies().segment("test"), test, Policy.TestResult.class);
    }

    private RequestTarget policies() {
        return policiesOf(vault);
    }

    private RequestTarget policy(String name) {
        return policyOf(vault, name);
    }

    /** {@code /v1/vaults/{vault}/policies}; shared with {@link AsyncPolicyOperations}. */
    static RequestTarget policiesOf(@Nullable String vault) {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("policies");
    }

    /** {@code /v1/vaults/{vault}/policies/{name}}. */
    static RequestTarget policyOf(@Nullable String vault, String name) {
        return policiesOf(vault).segment(Objects.requireNonNull(name, "name"));
    }
}
