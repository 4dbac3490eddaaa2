package dev.arca.server.use;

import dev.arca.api.Egress;
import dev.arca.api.SecretMetadata;
import dev.arca.server.identity.Principal;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/** Reading and replacing a secret's egress rules ({@code GET|PUT …/secrets/{path}/egress}). */
public final class EgressService {
    /** Rules as the audit trail records them, in the shape of {@code Egress.Update}. */
    record Audited(List<String> allow, List<String> methods) {}

    private final EgressStore store;
    private final SecretService secrets;
    private final VaultService vaults;
    private final Clock clock;

    public EgressService(Database db, SecretService secrets, VaultService vaults, Clock clock) {
        this.store = new EgressStore(db);
        this.secrets = secrets;
        this.vaults = vaults;
        this.clock = clock;
    }

    /** The rules of the secret at {@code path}; empty lists when none were ever set. 404 for no secret. */
    public Egress get(String vaultRef, String path) {
        SecretMetadata secret = secrets.metadata(vaultRef, path);
        return store.get(secret.id())
                .map(row -> new Egress(row.allow(), row.methods(), row.updatedAt(), row.updatedBy()))
                .orElse(new Egress(List.of(), List.of(), null, null));
    }

    /**
     * Replaces the rules after checking all of them: a bad one stores nothing. The rules before and after go to
     * the audit trail ({@code egress.before}, {@code egress.after}): patterns and methods only, which carry no
     * secret (a pattern has no user info or query).
     */
    public Egress put(String vaultRef, String path, Egress.Update update, Principal by,
            BiConsumer<String, String> audit) {
        EgressRules rules = EgressRules.check(update.allow(), update.methods());
        SecretMetadata secret = secrets.metadata(vaultRef, path);
        EgressStore.Row before = store.get(secret.id()).orElse(null);
        Instant now = Instant.ofEpochMilli(clock.millis()); // as stored: epoch ms
        store.put(secret.id(), vaults.idOf(vaultRef), rules.patternTexts(), rules.methods(), now, by.subject());
        audit.accept("egress.before", EgressStore.json(before == null ? new Audited(List.of(), List.of())
                : new Audited(before.allow(), before.methods())));
        audit.accept("egress.after", EgressStore.json(new Audited(rules.patternTexts(), rules.methods())));
        return new Egress(rules.patternTexts(), rules.methods(), now, by.subject());
    }

    /** The rules {@code use http_request} checks for the secret with this id. */
    EgressRules rulesOf(String secretId) {
        return store.get(secretId).map(row -> EgressRules.check(row.allow(), row.methods())).orElse(EgressRules.NONE);
    }
}
