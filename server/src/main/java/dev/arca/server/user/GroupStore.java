package dev.arca.server.user;

import dev.arca.server.storage.Database;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The {@code groups} and {@code group_members} tables. */
final class GroupStore {
    private final Database db;

    GroupStore(Database db) {
        this.db = db;
    }

    /** False when the vault already has a group of that name. */
    boolean insert(String vaultId, String name) {
        return db.write(h -> h.createUpdate("INSERT INTO groups (vault_id, name) VALUES (:v, :n) "
                + "ON CONFLICT (vault_id, name) DO NOTHING")
                .bind("v", vaultId).bind("n", name).execute()) == 1;
    }

    boolean exists(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM groups WHERE vault_id = :v AND name = :n")
                .bind("v", vaultId).bind("n", name).mapTo(Integer.class).one()) > 0;
    }

    /** Deletes the group and its memberships; false when there was no such group. */
    boolean delete(String vaultId, String name) {
        return db.write(h -> {
            h.createUpdate("DELETE FROM group_members WHERE vault_id = :v AND group_name = :n")
                    .bind("v", vaultId).bind("n", name).execute();
            return h.createUpdate("DELETE FROM groups WHERE vault_id = :v AND name = :n")
                    .bind("v", vaultId).bind("n", name).execute() == 1;
        });
    }

    /** Group names in order after {@code afterName}, at most {@code limit}. */
    List<String> list(String vaultId, String afterName, int limit) {
        return db.read(h -> h.createQuery("SELECT name FROM groups WHERE vault_id = :v AND name > :after "
                + "ORDER BY name LIMIT :limit")
                .bind("v", vaultId).bind("after", afterName).bind("limit", limit).mapTo(String.class).list());
    }

    List<String> members(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT username FROM group_members WHERE vault_id = :v "
                + "AND group_name = :n ORDER BY username")
                .bind("v", vaultId).bind("n", name).mapTo(String.class).list());
    }

    /** Adds a member; adding one who already belongs changes nothing. */
    void addMember(String vaultId, String name, String username) {
        db.write(h -> h.createUpdate("INSERT INTO group_members (vault_id, group_name, username) "
                + "VALUES (:v, :n, :u) ON CONFLICT (vault_id, group_name, username) DO NOTHING")
                .bind("v", vaultId).bind("n", name).bind("u", username).execute());
    }

    /** False when the user was not a member. */
    boolean removeMember(String vaultId, String name, String username) {
        return db.write(h -> h.createUpdate("DELETE FROM group_members WHERE vault_id = :v AND group_name = :n "
                + "AND username = :u")
                .bind("v", vaultId).bind("n", name).bind("u", username).execute()) == 1;
    }

    /** Takes a user out of every group (the user is being deleted). */
    void removeFromAll(String vaultId, String username) {
        db.write(h -> h.createUpdate("DELETE FROM group_members WHERE vault_id = :v AND username = :u")
                .bind("v", vaultId).bind("u", username).execute());
    }

    Set<String> groupsOf(String vaultId, String username) {
        return db.read(h -> h.createQuery("SELECT group_name FROM group_members WHERE vault_id = :v "
                + "AND username = :u")
                .bind("v", vaultId).bind("u", username).mapTo(String.class).collect(
                        java.util.stream.Collectors.toCollection(TreeSet::new)));
    }

    /** Runs {@code action} once the current transaction commits (at once if there is none). */
    void afterCommit(Runnable action) {
        db.afterCommit(action);
    }
}
