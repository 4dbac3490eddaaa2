package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.IdentityType;
import dev.arca.api.Page;
import dev.arca.api.Policy;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Policies of one vault: named rule lists bound to subjects ({@code user:alice}, {@code group:ops},
 * {@code machine:mach_…}, {@code client:cli_…}, {@code agent:NAME}). Reached by {@link ArcaClient#policies()};
 * immutable. A policy is named by its name or by its {@code pol_…} id ({@link Policy#id()}, kept when its rules
 * are replaced) wherever one is looked up; {@link #put} and {@link #create} take the name.
 *
 * <pre>{@code
 * Policy policy = client.policies().create("app-readers",
 *         List.of(Policy.Rule.allow("app/**", Policy.Permission.READ, Policy.Permission.LIST)),
 *         "what the app's machines read");
 * client.policies().bind(policy.id(), IdentityType.MACHINE, "mach_…");
 * }</pre>
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

    /**
     * {@code PUT /v1/vaults/{vault}/policies/{name}} with a description (ScaiVault's
     * {@code policies.create(name, rules, description)}): creates the policy, or replaces the rules and the
     * description of the one of that name. The answer carries its {@code pol_…} id.
     *
     * @param description at most {@value Policy#MAX_DESCRIPTION} characters, no line breaks; {@code ""} removes it
     * @throws ApiException {@code invalid_request} naming {@code description} or the bad rule part
     */
    public Policy create(String name, List<Policy.Rule> rules, String description) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(description, "description");
        return transport.call("PUT", policy(name), new Policy.Put(rules, description), Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/policies/{name-or-id}}. */
    public Policy get(String nameOrId) {
        return transport.call("GET", policy(nameOrId), null, Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/policies}. */
    public Page<Policy> list() {
        return transport.call("GET", policies(), null, PAGE);
    }

    /** {@code DELETE /v1/vaults/{vault}/policies/{name-or-id}}: the policy and its bindings. */
    public void delete(String nameOrId) {
        transport.call("DELETE", policy(nameOrId), null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/{name-or-id}/bindings}: the policy now applies to {@code subject}
     * ({@code user:alice}, {@code machine:mach_…}, …).
     */
    public void bind(String nameOrId, String subject) {
        Objects.requireNonNull(subject, "subject");
        transport.call("POST", policy(nameOrId).segment("bindings"), new Policy.Binding(subject));
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/{name-or-id}/bindings} (ScaiVault's
     * {@code bind(policy_id, identity_type, identity_id)}): {@code bind(id, IdentityType.MACHINE, "mach_…")} binds
     * subject {@code machine:mach_…}; users, groups and agents are named by name, the rest by id.
     *
     * @throws IllegalArgumentException if {@code identity} is blank or contains {@code :} (pass the id alone)
     */
    public void bind(String nameOrId, IdentityType type, String identity) {
        Objects.requireNonNull(type, "type");
        bind(nameOrId, type.subject(identity));
    }

    /** {@code DELETE /v1/vaults/{vault}/policies/{name-or-id}/bindings/{subject}}. */
    public void unbind(String nameOrId, String subject) {
        Objects.requireNonNull(subject, "subject");
        transport.call("DELETE", policy(nameOrId).segment("bindings").segment(subject), null);
    }

    /** {@code DELETE …/policies/{name-or-id}/bindings/{type}:{identity}}: undoes {@link #bind(String, IdentityType, String)}. */
    public void unbind(String nameOrId, IdentityType type, String identity) {
        Objects.requireNonNull(type, "type");
        unbind(nameOrId, type.subject(identity));
    }

    /** {@code GET /v1/vaults/{vault}/policies/{name-or-id}/bindings}: the subjects the policy is bound to. */
    public List<String> bindings(String nameOrId) {
        return transport.call("GET", policy(nameOrId).segment("bindings"), null, SUBJECTS).data();
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/test}: would {@code subject} get {@code permission} on {@code path}?
     * The answer names the deciding policy and rule and says why. Build the question with
     * {@code Policy.Test.builder(subject, path, Policy.Permission.READ).ip("10.0.0.7").mfa(true).build()}.
     */
    public Policy.TestResult test(Policy.Test test) {
        Objects.requireNonNull(test, "test");
        return transport.call("POST", policies().segment("test"), test, Policy.TestResult.class);
    }

    private RequestTarget policies() {
        return policiesOf(vault);
    }

    private RequestTarget policy(String nameOrId) {
        return policyOf(vault, nameOrId);
    }

    /** {@code /v1/vaults/{vault}/policies}; shared with {@link AsyncPolicyOperations}. */
    static RequestTarget policiesOf(@Nullable String vault) {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("policies");
    }

    /** {@code /v1/vaults/{vault}/policies/{name or pol_ id}}. */
    static RequestTarget policyOf(@Nullable String vault, String nameOrId) {
        return policiesOf(vault).segment(Objects.requireNonNull(nameOrId, "nameOrId"));
    }
}
