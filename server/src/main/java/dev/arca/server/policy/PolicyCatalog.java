package dev.arca.server.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.Json;
import dev.arca.api.Policy;
import dev.arca.server.error.ArcaException;
import dev.arca.server.invalidation.Invalidation;
import dev.arca.server.invalidation.Invalidations;
import dev.arca.server.storage.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored policies and bindings of every vault, and the caches the engine reads them through on each request.
 *
 * <p>Compiled policies are cached by (vault, name) and binding lookups by (vault, subject), rather than a whole
 * vault at a time, so that a vault with thousands of machine policies does not reload them all whenever one
 * machine enrolls. Every change made here is published to the node's change feed ({@link Invalidations}: a
 * policy changed, a subject's bindings changed), which clears the entries it affects at once and again when its
 * transaction ends (so a reader racing the commit cannot put the old state back — a load and a clear of one key
 * are serialised by the cache — and a rolled-back change leaves nothing behind); entries also expire after
 * {@link #EXPIRY}, which bounds how long another node sharing the database can lag until a shared feed connects
 * them.
 */
public final class PolicyCatalog {
    /** How long another node may keep deciding with a policy or binding that has since changed. */
    public static final Duration EXPIRY = Invalidations.UNHEARD_CHANGE_BOUND;
    private static final ObjectMapper JSON = Json.strict();
    private static final TypeReference<List<Policy.Rule>> RULES = new TypeReference<>() {};

    private record Key(String vaultId, String name) {}

    private final PolicyStore store;
    private final Invalidations invalidations;
    private final Cache<Key, Optional<CompiledPolicy>> policies = Caffeine.newBuilder()
            .expireAfterWrite(EXPIRY).maximumSize(20_000).build();
    private final Cache<Key, List<String>> bindings = Caffeine.newBuilder()
            .expireAfterWrite(EXPIRY).maximumSize(100_000).build();

    /** With a change feed of its own: for tools and tests that run the catalog alone. */
    public PolicyCatalog(Database db) {
        this(db, new Invalidations(db));
    }

    /** @param invalidations the node's change feed: changes here are published to it, and clear these caches */
    public PolicyCatalog(Database db, Invalidations invalidations) {
        this.store = new PolicyStore(db);
        this.invalidations = invalidations;
        invalidations.subscribe(this::forget);
    }

    private void forget(Invalidation change) {
        switch (change) {
            case Invalidation.PolicyChanged(String vaultId, String name) ->
                    policies.invalidate(new Key(vaultId, name));
            case Invalidation.BindingChanged(String vaultId, String subject) ->
                    bindings.invalidate(new Key(vaultId, subject));
            case Invalidation.VaultChanged(String vaultId) -> {
                policies.asMap().keySet().removeIf(key -> key.vaultId().equals(vaultId));
                bindings.asMap().keySet().removeIf(key -> key.vaultId().equals(vaultId));
            }
            case Invalidation.Everything() -> {
                policies.invalidateAll();
                bindings.invalidateAll();
            }
            default -> {
                // not about policies
            }
        }
    }

    /** The named policy of a vault, compiled; empty when there is none. Cached. */
    Optional<CompiledPolicy> compiled(String vaultId, String name) {
        return policies.get(new Key(vaultId, name), key -> store.find(key.vaultId(), key.name())
                .map(row -> new CompiledPolicy(row.name(), recompile(parse(row), row.name()))));
    }

    /** The names of the policies bound to {@code subject} in a vault. Cached. */
    List<String> boundTo(String vaultId, String subject) {
        return bindings.get(new Key(vaultId, subject), key -> List.copyOf(store.boundTo(key.vaultId(), key.name())));
    }

    /** A policy as stored (not cached: administration reads the truth). */
    Optional<Policy> find(String vaultId, String name) {
        return store.find(vaultId, name).map(PolicyCatalog::view);
    }

    /** A policy by its {@code pol_…} id (not cached). */
    Optional<Policy> findById(String vaultId, String id) {
        return store.findById(vaultId, id).map(PolicyCatalog::view);
    }

    List<Policy> list(String vaultId, String afterName, int limit) {
        return store.list(vaultId, afterName, limit).stream().map(PolicyCatalog::view).toList();
    }

    /**
     * Stores already-validated, normalised rules, creating the policy or replacing its rules; the description as
     * {@code description} says.
     */
    Policy put(String vaultId, String name, List<Policy.Rule> normalisedRules, PolicyStore.DescriptionChange description,
            Instant now) {
        PolicyStore.Row row = store.upsert(vaultId, name, json(normalisedRules), description, now);
        invalidations.publish(new Invalidation.PolicyChanged(vaultId, name));
        return view(row);
    }

    /** Deletes a policy with its bindings; false when there was none. */
    boolean delete(String vaultId, String name) {
        List<String> subjects = store.subjectsOf(vaultId, name);
        boolean deleted = store.delete(vaultId, name);
        invalidations.publish(new Invalidation.PolicyChanged(vaultId, name));
        subjects.forEach(subject -> invalidations.publish(new Invalidation.BindingChanged(vaultId, subject)));
        return deleted;
    }

    void bind(String vaultId, String name, String subject, Instant now) {
        store.bind(vaultId, name, subject, now);
        invalidateBindings(vaultId, subject);
    }

    boolean unbind(String vaultId, String name, String subject) {
        boolean unbound = store.unbind(vaultId, name, subject);
        invalidateBindings(vaultId, subject);
        return unbound;
    }

    void forgetSubject(String vaultId, String subject) {
        store.unbindEverywhere(vaultId, subject);
        invalidateBindings(vaultId, subject);
    }

    List<String> subjectsOf(String vaultId, String name) {
        return store.subjectsOf(vaultId, name);
    }

    private void invalidateBindings(String vaultId, String subject) {
        invalidations.publish(new Invalidation.BindingChanged(vaultId, subject));
    }

    private static Policy view(PolicyStore.Row row) {
        return new Policy(row.id(), row.name(), row.description(), row.vaultId(), parse(row), row.createdAt(),
                row.updatedAt());
    }

    private static List<Policy.Rule> parse(PolicyStore.Row row) {
        try {
            return JSON.readValue(row.rulesJson(), RULES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored rules of policy '" + row.name() + "' in " + row.vaultId()
                    + " are not valid JSON", e);
        }
    }

    private static String json(List<Policy.Rule> rules) {
        try {
            return JSON.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rules are plain records and always serialise", e);
        }
    }

    /** Rules read back from storage were valid when written; if one is not now, that is a server fault. */
    private static List<CompiledRule> recompile(List<Policy.Rule> stored, String name) {
        try {
            return RuleCompiler.compile(stored);
        } catch (ArcaException e) {
            throw new IllegalStateException("the stored rules of policy '" + name + "' no longer validate: "
                    + e.getMessage(), e);
        }
    }
}
