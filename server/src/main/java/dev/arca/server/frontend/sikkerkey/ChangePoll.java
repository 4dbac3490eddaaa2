package dev.arca.server.frontend.sikkerkey;

import dev.arca.server.identity.Principal;
import dev.arca.server.watch.WatchedSecrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/secrets/poll}: for each watched id, whether it changed since this machine last read it through the
 * door ({@link LastReads}). An id the machine may no longer read is {@code access_denied} (an unknown id too, so
 * ids cannot be probed); a deleted or destroyed one it may read is {@code deleted}; one whose current version is not
 * the version last read is {@code changed}; the rest are left out. An id it may read but never read here gets the
 * current version as its baseline and is left out: the clients poll right after reading, so the first poll must not
 * report the value they hold as a change. Nothing is decrypted.
 */
final class ChangePoll {
    static final int MAX_IDS = 1000;

    private final WatchedSecrets states;
    private final LastReads reads;
    private final MachineSecrets access;

    ChangePoll(WatchedSecrets states, LastReads reads, MachineSecrets access) {
        this.states = states;
        this.reads = reads;
        this.access = access;
    }

    /** The status of each of {@code ids} that has one to report, in the order asked. */
    Map<String, String> changes(Principal caller, String sourceIp, List<String> ids) {
        String machineId = MachineSecrets.machineOf(caller);
        Map<String, WatchedSecrets.State> current = states.byIds(ids);
        Map<String, Integer> lastRead = reads.of(machineId, ids);
        Map<String, String> changes = new LinkedHashMap<>();
        Map<String, Integer> baselines = new LinkedHashMap<>();
        for (String id : ids) {
            WatchedSecrets.State state = current.get(id);
            Integer last = lastRead.get(id);
            if (state == null || !access.mayRead(caller, sourceIp, state.vaultId(), state.path())) {
                changes.put(id, "access_denied");
            } else if (state.deleted()) {
                changes.put(id, "deleted");
            } else if (last == null) {
                baselines.put(id, state.version());
            } else if (last != state.version()) {
                changes.put(id, "changed");
            }
        }
        reads.record(machineId, baselines);
        return changes;
    }
}
