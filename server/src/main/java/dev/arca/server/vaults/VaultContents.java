package dev.arca.server.vaults;

import dev.arca.server.storage.Database;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a vault holds, counted (to refuse deleting a vault that is not empty) and wiped (to delete it with
 * everything in it). Every table that holds a vault's rows is named here, children before the tables they refer
 * to; {@code VaultLifecycleIT} fails when a table with a {@code vault_id} column keeps a row of a deleted vault, so a
 * new feature's table cannot be forgotten.
 */
final class VaultContents {
    /** What makes a vault "not empty", as an operator would name it, with the query that counts it. */
    private static final Map<String, String> COUNTED = counted();

    /** Rows that hang off a vault's rows without a {@code vault_id} of their own. */
    private static final List<String> WIPED_BY_PARENT = List.of(
            "DELETE FROM secret_versions WHERE secret_id IN (SELECT id FROM secrets WHERE vault_id = :v)",
            "DELETE FROM sikkerkey_reads WHERE secret_id IN (SELECT id FROM secrets WHERE vault_id = :v)",
            "DELETE FROM pki_crls WHERE issuer_id IN (SELECT id FROM pki_issuers WHERE vault_id = :v)",
            "DELETE FROM acme_challenges WHERE authz_id IN (SELECT id FROM acme_authorizations WHERE vault_id = :v)");

    /** The tables with a {@code vault_id}, each before any table it refers to. */
    private static final List<String> WIPED_BY_VAULT = List.of(
            "secret_tags", "secret_egress", "rotation_runs", "rotation_secrets", "rotation_assignments",
            "rotation_policies", "leases", "database_intents", "database_static_roles", "database_roles",
            "database_connections", "pki_certificates", "pki_csrs", "pki_roles", "pki_config", "pki_issuers",
            "acme_authorizations", "acme_orders", "acme_accounts", "acme_eab_keys", "acme_config",
            "acme_client_challenges", "acme_client_orders", "acme_client_certificates", "acme_client_dns_providers",
            "acme_client_accounts", "key_material", "secrets", "projects", "group_members", "groups", "users",
            "policy_bindings", "policies", "machines", "enrollment_tokens", "clients", "agents",
            "disabled_identities", "tokens");

    private final Database db;

    VaultContents(Database db) {
        this.db = db;
    }

    private static Map<String, String> counted() {
        var counted = new LinkedHashMap<String, String>();
        counted.put("project", "SELECT COUNT(*) FROM projects WHERE vault_id = :v AND deleted_at IS NULL");
        counted.put("secret", "SELECT COUNT(*) FROM secrets WHERE vault_id = :v");
        counted.put("user", "SELECT COUNT(*) FROM users WHERE vault_id = :v AND disabled_at IS NULL");
        counted.put("group", "SELECT COUNT(*) FROM groups WHERE vault_id = :v");
        counted.put("machine", "SELECT COUNT(*) FROM machines WHERE vault_id = :v AND status IN ('pending', 'active')");
        counted.put("client", "SELECT COUNT(*) FROM clients WHERE vault_id = :v AND revoked_at IS NULL");
        counted.put("agent", "SELECT COUNT(*) FROM agents WHERE vault_id = :v AND revoked_at IS NULL");
        counted.put("policy", "SELECT COUNT(*) FROM policies WHERE vault_id = :v");
        counted.put("engine key", "SELECT COUNT(*) FROM key_material WHERE vault_id = :v");
        counted.put("PKI issuer", "SELECT COUNT(*) FROM pki_issuers WHERE vault_id = :v");
        counted.put("database connection", "SELECT COUNT(*) FROM database_connections WHERE vault_id = :v");
        return Collections.unmodifiableMap(counted);
    }

    /** What the vault holds, as "2 projects, 5 secrets, 1 user"; empty when it holds none of it. */
    String summary(String vaultId) {
        var parts = new StringBuilder();
        COUNTED.forEach((noun, sql) -> {
            long n = db.read(h -> h.createQuery(sql).bind("v", vaultId).mapTo(Long.class).one());
            if (n > 0) {
                parts.append(parts.isEmpty() ? "" : ", ").append(n).append(' ').append(plural(noun, n));
            }
        });
        return parts.toString();
    }

    /**
     * How many of the vault's leases still owe a clean-up outside Arca (a database user to drop): deleting their
     * rows would leave those users behind, so a vault is not deleted while it has any.
     */
    long owedCleanups(String vaultId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM leases WHERE vault_id = :v AND cleanup = 'owed'")
                .bind("v", vaultId).mapTo(Long.class).one());
    }

    /** Deletes every row the vault holds, and the vault's own, in the caller's transaction. */
    void wipe(String vaultId) {
        db.write(h -> {
            WIPED_BY_PARENT.forEach(sql -> h.createUpdate(sql).bind("v", vaultId).execute());
            WIPED_BY_VAULT.forEach(table -> h.createUpdate("DELETE FROM " + table + " WHERE vault_id = :v")
                    .bind("v", vaultId).execute());
            return h.createUpdate("DELETE FROM vaults WHERE id = :v").bind("v", vaultId).execute();
        });
    }

    private static String plural(String noun, long n) {
        if (n == 1) {
            return noun;
        }
        return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
    }
}
