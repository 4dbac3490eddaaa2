package dev.arca.server.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.Group;
import dev.arca.api.Page;
import dev.arca.server.error.ArcaException;
import dev.arca.server.policy.GroupMembership;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Paging;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Groups of users in a vault, and the membership the policy engine asks about on every request. Only live users
 * can be members; deleting a user or a group removes its memberships in the same transaction. Membership answers
 * come from a cache that this node clears when a change commits; changes made by another node sharing the
 * database are seen within {@value #CACHE_SECONDS} seconds.
 */
public final class UserGroups implements GroupMembership {
    static final long CACHE_SECONDS = 5;
    private static final String USER_SUBJECT = "user:";

    private final GroupStore store;
    private final UserStore users;
    private final Cache<Member, Set<String>> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS)).maximumSize(100_000).build();

    private record Member(String vaultId, String username) {}

    public UserGroups(Database db) {
        this.store = new GroupStore(db);
        this.users = new UserStore(db);
    }

    /** {@code user:alice} → the names of alice's groups in the vault; any other subject → none. */
    @Override
    public Set<String> groupsOf(String vaultId, String subject) {
        if (vaultId == null || subject == null || !subject.startsWith(USER_SUBJECT)) {
            return Set.of();
        }
        var member = new Member(vaultId, subject.substring(USER_SUBJECT.length()));
        return cache.get(member, m -> Set.copyOf(store.groupsOf(m.vaultId(), m.username())));
    }

    public Group create(String vaultId, String name) {
        LowerCaseName.check("name", name);
        if (!store.insert(vaultId, name)) {
            throw ArcaException.conflict("group '" + name + "' already exists");
        }
        return new Group(name, List.of());
    }

    public Page<Group> list(String vaultId, Paging.Query query) {
        var paging = Paging.of(query, LowerCaseName::matches);
        Page<String> names = paging.page(store.list(vaultId, paging.after(), paging.size() + 1), name -> name);
        return new Page<>(names.data().stream().map(name -> new Group(name, store.members(vaultId, name))).toList(),
                names.hasMore(), names.cursor());
    }

    public void delete(String vaultId, String name) {
        if (!store.delete(vaultId, name)) {
            throw missingGroup(name);
        }
        changed(null);
    }

    /** Adds a live user to a group (404 for a missing group or user); adding a member again changes nothing. */
    public Group addMember(String vaultId, String name, String username) {
        requireGroup(vaultId, name);
        if (users.find(vaultId, username).filter(UserStore.Row::active).isEmpty()) {
            throw ArcaException.notFound("no user '" + username + "' in this vault");
        }
        store.addMember(vaultId, name, username);
        changed(new Member(vaultId, username));
        return new Group(name, store.members(vaultId, name));
    }

    public Group removeMember(String vaultId, String name, String username) {
        requireGroup(vaultId, name);
        if (!store.removeMember(vaultId, name, username)) {
            throw ArcaException.notFound("'" + username + "' is not a member of group '" + name + "'");
        }
        changed(new Member(vaultId, username));
        return new Group(name, store.members(vaultId, name));
    }

    /** Takes a deleted user out of every group, in the caller's transaction. */
    void forget(String vaultId, String username) {
        store.removeFromAll(vaultId, username);
        changed(new Member(vaultId, username));
    }

    private void requireGroup(String vaultId, String name) {
        if (!store.exists(vaultId, name)) {
            throw missingGroup(name);
        }
    }

    /**
     * Clears the cached membership now and again once the change commits, so a lookup made while the transaction
     * was open cannot keep the old answer. {@code null} clears every entry (a group went away).
     */
    private void changed(@Nullable Member member) {
        Runnable clear = member == null ? cache::invalidateAll : () -> cache.invalidate(member);
        clear.run();
        store.afterCommit(clear);
    }

    private static ArcaException missingGroup(String name) {
        return ArcaException.notFound("no group '" + name + "' in this vault");
    }
}
