package dev.arca.server.policy;

import dev.arca.api.ErrorCode;
import dev.arca.api.Page;
import dev.arca.api.Policy;
import dev.arca.api.Token;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.net.Cidr;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Administration of policies and their bindings, and the {@code policies/test} explanation. Every change is
 * validated in full before anything is written, so a bad request changes nothing; changes join the caller's
 * transaction.
 */
public final class PolicyService implements Grants {
    private static final int MAX_TEST_PATH_BYTES = 512;
    private static final List<String> READ_LIST = List.of("read", "list");

    private final PolicyCatalog catalog;
    private final PolicyEngine engine;
    private final VaultService vaults;
    private final TokenLookup tokens;
    private final Clock clock;

    /** Finds a live token by its accessor (404 when there is none): policies know tokens only through this. */
    @FunctionalInterface
    public interface TokenLookup {
        Token byAccessor(String accessor);
    }

    /** @param tokens to find the policies attached to a {@code token:acc_…} subject being tested */
    public PolicyService(PolicyCatalog catalog, PolicyEngine engine, VaultService vaults, TokenLookup tokens,
            Clock clock) {
        this.catalog = catalog;
        this.engine = engine;
        this.vaults = vaults;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * {@code PUT /v1/vaults/{vault}/policies/{name}}: creates the policy (with a new {@code pol_…} id) or replaces
     * its rules, and its description when one is given ({@code ""} removes it).
     */
    public Policy put(String vaultRef, String name, Policy.Put request) {
        Vault vault = vaults.resolve(vaultRef);
        PolicyNames.checkNewName("name", name);
        List<Policy.Rule> rules = RuleCompiler.compile(request.rules()).stream().map(CompiledRule::source).toList();
        return catalog.put(vault.id(), name, rules, description(request.description()), clock.instant());
    }

    /** {@code GET …/policies/{name-or-id}}. */
    public Policy get(String vaultRef, String ref) {
        Vault vault = vaults.resolve(vaultRef);
        return existing(vault, ref);
    }

    /** Policies in name order, {@code limit} per page with an opaque cursor. */
    public Page<Policy> list(String vaultRef, Paging.Query query) {
        Vault vault = vaults.resolve(vaultRef);
        var paging = Paging.of(query, name -> PolicyNames.checkName("cursor", name) != null);
        return paging.page(catalog.list(vault.id(), paging.after(), paging.size() + 1), Policy::name);
    }

    /** Deletes a policy (by name or id) and its bindings. */
    public void delete(String vaultRef, String ref) {
        Vault vault = vaults.resolve(vaultRef);
        if (!catalog.delete(vault.id(), existing(vault, ref).name())) {
            throw notFound(vault, ref);
        }
    }

    /** Binds the policy (by name or {@code pol_…} id) to {@code subject}; binding twice is binding once. */
    public void bind(String vaultRef, String ref, String subject) {
        Vault vault = vaults.resolve(vaultRef);
        PolicyNames.checkSubject("subject", subject);
        catalog.bind(vault.id(), existing(vault, ref).name(), subject, clock.instant());
    }

    @Override
    public void forgetSubject(String vaultId, String subject) {
        catalog.forgetSubject(vaultId, subject);
    }

    public void unbind(String vaultRef, String ref, String subject) {
        Vault vault = vaults.resolve(vaultRef);
        PolicyNames.checkSubject("subject", subject);
        String name = existing(vault, ref).name();
        if (!catalog.unbind(vault.id(), name, subject)) {
            throw ArcaException.notFound("policy '" + name + "' is not bound to " + subject);
        }
    }

    /** The subjects a policy (by name or id) is bound to, in order. */
    public Page<String> bindings(String vaultRef, String ref) {
        Vault vault = vaults.resolve(vaultRef);
        return new Page<>(catalog.subjectsOf(vault.id(), existing(vault, ref).name()), false, null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/policies/test}: what the engine would decide for {@code subject} now, and why.
     * A {@code token:acc_…} subject holds the policies attached to that token when it is a live token of this vault.
     */
    public Policy.TestResult test(String vaultRef, Policy.Test request) {
        Vault vault = vaults.resolve(vaultRef);
        String subject = PolicyNames.checkSubject("subject", request.subject());
        String path = testPath(request.path());
        Permission permission = RuleCompiler.permission(request.permission()).orElseThrow(() -> ArcaException
                .invalid("permission", "permission must be one of: " + RuleCompiler.PERMISSION_NAMES));
        String ip = testIp(request.ip());
        Optional<Token> token = token(subject);
        if (token.isPresent() && token.get().policies().contains(Principal.ROOT_POLICY)) {
            return new Policy.TestResult(true, Principal.ROOT_POLICY, null, null,
                    "the token holds the root policy, which allows everything", List.of(Principal.ROOT_POLICY));
        }
        List<String> attached = token.filter(t -> vault.id().equals(t.vaultId())).map(Token::policies)
                .orElse(List.of());
        var access = new AccessRequest(vault.id(), path, permission, ip, Boolean.TRUE.equals(request.mfa()),
                clock.instant());
        PolicyEngine.Explanation explanation = engine.explain(subject, attached, access);
        Decision decision = explanation.decision();
        return new Policy.TestResult(decision.allowed(), decision.policy(),
                decision.ruleIndex() < 0 ? null : decision.ruleIndex(), explanation.rule(), decision.reason(),
                explanation.policiesConsidered());
    }

    /**
     * Writes policy {@code policyName} granting {@code read} and {@code list} on each pattern (replacing its rules
     * if it exists) and binds it to {@code subject}, in the caller's transaction; 400 naming the bad pattern as
     * {@code rules[i].path}.
     */
    @Override
    public void grantRead(String vaultId, String policyName, List<String> readPaths, String subject) {
        PolicyNames.checkSubject("subject", subject);
        put(vaultId, policyName, new Policy.Put(readPaths.stream()
                .map(path -> new Policy.Rule(path, READ_LIST, RuleCompiler.ALLOW, null)).toList()));
        catalog.bind(vaultId, policyName, subject, clock.instant());
    }

    /**
     * The policy a path names, by {@code pol_…} id or by name. A policy named like an id (possible before names
     * starting {@code pol_} were reserved) is still found by its name. A malformed reference is 400, never "not
     * found", so that it is not mistaken for a missing policy.
     */
    private Policy existing(Vault vault, String ref) {
        Optional<Policy> byId = PolicyNames.isId(ref) ? catalog.findById(vault.id(), ref) : Optional.empty();
        return byId.or(() -> PolicyNames.isId(ref) && !PolicyNames.isName(ref) ? Optional.empty()
                        : catalog.find(vault.id(), PolicyNames.checkName("name", ref)))
                .orElseThrow(() -> notFound(vault, ref));
    }

    /** 400 naming {@code description} unless it has at most {@value Policy#MAX_DESCRIPTION} printable characters. */
    private static PolicyStore.DescriptionChange description(@Nullable String description) {
        if (description == null) {
            return PolicyStore.DescriptionChange.KEEP;
        }
        if (description.codePointCount(0, description.length()) > Policy.MAX_DESCRIPTION) {
            throw ArcaException.invalid("description", "description is at most " + Policy.MAX_DESCRIPTION
                    + " characters");
        }
        if (description.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ArcaException.invalid("description", "description may not contain control characters (line "
                    + "breaks included)");
        }
        return new PolicyStore.DescriptionChange(false, description.isEmpty() ? null : description);
    }

    private static ArcaException notFound(Vault vault, String ref) {
        return ArcaException.notFound("no policy '" + ref + "' in vault '" + vault.name() + "'");
    }

    private Optional<Token> token(String subject) {
        String prefix = "token:";
        if (!subject.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(tokens.byAccessor(subject.substring(prefix.length())));
        } catch (ArcaException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String testPath(String path) {
        if (path == null) {
            throw ArcaException.invalid("path", "path is required (\"\" for the root of the vault)");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_TEST_PATH_BYTES
                || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ArcaException.invalid("path", "path may not contain control characters or exceed "
                    + MAX_TEST_PATH_BYTES + " bytes");
        }
        return path;
    }

    private static @Nullable String testIp(@Nullable String ip) {
        if (ip == null) {
            return null;
        }
        var invalid = ArcaException.invalid("ip", "ip must be one IPv4 or IPv6 address, such as 10.0.0.7 or "
                + "2001:db8::7");
        if (ip.contains("/")) {
            throw invalid;
        }
        try {
            Cidr.parse(ip);
        } catch (IllegalArgumentException e) {
            throw invalid;
        }
        return ip.strip();
    }
}
