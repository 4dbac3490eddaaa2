package dev.arca.server.rotation;

import dev.arca.api.Durations;
import dev.arca.api.ErrorCode;
import dev.arca.api.Page;
import dev.arca.api.Rotation;
import dev.arca.server.error.ArcaException;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs as callers see them: {@code trigger} (start now, then driven in the background once the request committed),
 * the history, one run, and what is due within a window.
 */
final class RunService {
    static final Duration DEFAULT_WITHIN = Duration.ofHours(24);

    private final Database db;
    private final VaultService vaults;
    private final SecretService secrets;
    private final PolicyService policyService;
    private final CoverageStore coverage;
    private final RunStore runs;
    private final Rotator rotator;
    private final Clock clock;

    RunService(Database db, VaultService vaults, SecretService secrets, PolicyService policyService, Rotator rotator,
            Clock clock) {
        this.db = db;
        this.vaults = vaults;
        this.secrets = secrets;
        this.policyService = policyService;
        this.coverage = new CoverageStore(db);
        this.runs = new RunStore(db);
        this.rotator = rotator;
        this.clock = clock;
    }

    /**
     * Starts a run of every secret the policy covers, or of those named; 409 (naming the run) when one already has
     * a run in progress, and nothing is started then. The runs move on after the request commits.
     */
    Rotation.Triggered trigger(String vaultRef, String policyName, Rotation.Trigger request) {
        String vaultId = vaults.idOf(vaultRef);
        PolicyStore.Row policy = policyService.row(vaultId, policyName);
        if (policy.kind().equals(Rotation.PUSH)) {
            throw ArcaException.conflict("rotation policy " + policyName + " takes its values from callers (kind "
                    + "push): rotate the secret with its new value instead");
        }
        Map<String, CoverageStore.Row> chosen = new LinkedHashMap<>();
        if (request.secrets() == null) {
            coverage.ofPolicy(policy.id()).forEach(row -> chosen.put(row.secretId(), row));
        } else {
            for (String pathOrId : request.secrets()) {
                String id = secretId(vaultRef, pathOrId);
                CoverageStore.Row row = coverage.find(id).filter(r -> r.policyId().equals(policy.id()))
                        .orElseThrow(() -> ArcaException.conflict("secret " + pathOrId + " is not covered by "
                                + "rotation policy " + policyName));
                chosen.put(id, row);
            }
        }
        for (CoverageStore.Row row : chosen.values()) {
            if (row.runId() != null) {
                throw new ArcaException(ErrorCode.CONFLICT, "rotation run " + row.runId() + " of this secret is in "
                        + "progress; trigger it again once it ended", Map.of("run_id", row.runId()));
            }
        }
        List<Rotation.Run> started = new ArrayList<>();
        for (CoverageStore.Row row : chosen.values()) {
            RunStore.Row run = rotator.start(row, policy, "trigger", null).orElseThrow(() ->
                    ArcaException.conflict("another rotation run of secret " + row.secretId() + " started just now"));
            started.add(run.view());
            if (run.open()) {
                db.afterCommit(() -> Thread.ofVirtual().name("arca-rotation-" + run.id())
                        .start(() -> rotator.drive(run.id())));
            }
        }
        return new Rotation.Triggered(started);
    }

    /** A query of the history; each part optional. */
    record HistoryQuery(Optional<String> policy, Optional<String> secret, Optional<String> status,
            Optional<Integer> limit, Optional<String> cursor) {}

    Page<Rotation.Run> history(String vaultRef, HistoryQuery query) {
        String vaultId = vaults.idOf(vaultRef);
        String policyId = query.policy().map(name -> policyService.row(vaultId, name).id()).orElse(null);
        String secretId = query.secret().map(secret -> secretId(vaultRef, secret)).orElse(null);
        Paging paging = Paging.of(new Paging.Query(query.limit(), query.cursor()),
                id -> runs.byId(id).filter(run -> run.vaultId().equals(vaultId)).isPresent());
        RunStore.Row after = paging.after().isEmpty() ? null : runs.byId(paging.after()).orElseThrow();
        List<RunStore.Row> rows = runs.history(new RunStore.Filter(vaultId, policyId, secretId,
                query.status().orElse(null)), after, paging.size() + 1);
        return paging.page(rows.stream().map(RunStore.Row::view).toList(), Rotation.Run::id);
    }

    Rotation.Run run(String vaultRef, String id) {
        String vaultId = vaults.idOf(vaultRef);
        return runs.byId(id).filter(run -> run.vaultId().equals(vaultId)).map(RunStore.Row::view)
                .orElseThrow(() -> ArcaException.notFound("no rotation run " + id + " in this vault"));
    }

    /** The query of {@code due}. */
    record DueQuery(Optional<String> within, Optional<Integer> limit) {}

    Page<Rotation.Due> due(String vaultRef, DueQuery query) {
        String vaultId = vaults.idOf(vaultRef);
        Duration within;
        try {
            within = query.within().map(Durations::parse).orElse(DEFAULT_WITHIN);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("within", "within: " + e.getMessage());
        }
        int limit = Paging.limit(query.limit());
        Instant now = clock.instant();
        List<CoverageStore.Listed> rows = coverage.dueBy(vaultId, now.plus(within), limit + 1);
        boolean more = rows.size() > limit;
        List<Rotation.Due> page = (more ? rows.subList(0, limit) : rows).stream()
                .map(listed -> new Rotation.Due(listed.row().secretId(), listed.path(), listed.policyName(),
                        listed.row().nextRotationAt(), !listed.row().nextRotationAt().isAfter(now),
                        listed.row().lastRotatedAt(), listed.row().lastStatus(), listed.row().runId()))
                .toList();
        return new Page<>(page, more, null);
    }

    private String secretId(String vaultRef, String pathOrId) {
        return SecretRefs.metadata(secrets, vaults, vaultRef, pathOrId).id();
    }
}
