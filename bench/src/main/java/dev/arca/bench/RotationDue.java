package dev.arca.bench;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code rotation-due-100k} (issue 17: "finding what is due among 100,000 assigned secrets ≤ 1 s"): 100,000
 * secrets covered by one generate policy, and one operation is {@code GET …/rotation/due?within=1h&limit=1000},
 * whose answer lists 1,000 of them. One real secret and its assignment are made through the API; the other rows
 * are copies of theirs written straight into {@code secrets} and {@code rotation_secrets} (through the API it would
 * take hours). No {@code secret_versions} rows: the due listing reads neither values nor versions. {@code scan_ms}
 * is the scheduler's own scan over the same rows, run through the bench's database handle.
 *
 * <p>1% of the copies are due between {@link #LEAD} and an hour from now, the rest over the following 29 days.
 * Nothing is due at once: the scheduler (every second) would start runs of secrets that have no versions, and the
 * listing would measure its work too. So {@code --warmup} and {@code --duration} together must stay under the lead.
 */
final class RotationDue implements Scenario {
    static final int SECRETS = 100_000;
    private static final int DUE_IN_THE_HOUR = SECRETS / 100;
    private static final int LIMIT = 1000;
    private static final int CLIENTS = 4;
    private static final int SCANS = 20;
    private static final int SCAN_BATCH = 100;
    private static final Duration LEAD = Duration.ofMinutes(15);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LATER_SPREAD = Duration.ofDays(29);
    private static final String POLICY = "bench-due";
    private static final String ID_PREFIX = "sec_rotbench";
    private static final String SCAN = "SELECT * FROM rotation_secrets WHERE next_rotation_at <= :now "
            + "AND run_id IS NULL AND kind <> 'push' ORDER BY next_rotation_at LIMIT " + SCAN_BATCH;

    @Override
    public String name() {
        return "rotation-due-100k";
    }

    @Override
    public String description() {
        return "what is due to rotate within the hour (GET …/rotation/due?within=1h&limit=1000) among 100,000 "
                + "secrets a policy covers; scan_ms: the scheduler's scan";
    }

    @Override
    public String unsupported(Target target) {
        return target instanceof InProcessServer ? null
                : "it seeds 100,000 rows through the database, so it runs only on a server the bench starts";
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        if (settings.warmup().plus(settings.duration()).compareTo(LEAD.minusMinutes(5)) > 0) {
            throw new IllegalArgumentException(name() + " needs --warmup and --duration under 10 minutes together: "
                    + "its seeded secrets start to be due " + LEAD.toMinutes() + " minutes after the seed");
        }
        RotationFixture rotation = RotationFixture.of(fixture);
        String token = rotation.token();
        String root = fixture.target().rootToken();
        String path = Fixture.PROJECT + "/rotation-due/template";
        String secretId = fixture.http().call("PUT", fixture.secretUrl(path), root,
                Fixture.valueBody(RandomGenerator.getDefault()), 200).path("id").asText();
        rotation.policyAssigned(POLICY, "{\"interval\":\"1h\"}", path);
        Database db = fixture.target().database().orElseThrow();

        long seeding = System.nanoTime();
        insert(db, secretId);
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;
        try {
            return measure(fixture, settings, rotation, token, db, seedSeconds);
        } finally {
            db.write(h -> h.createUpdate("DELETE FROM rotation_secrets WHERE secret_id LIKE :p")
                    .bind("p", ID_PREFIX + "%").execute());
            db.write(h -> h.createUpdate("DELETE FROM secrets WHERE id LIKE :p").bind("p", ID_PREFIX + "%")
                    .execute());
            rotation.deletePolicy(POLICY);
        }
    }

    private Result measure(Fixture fixture, Settings settings, RotationFixture rotation, String token, Database db,
            double seedSeconds) throws Exception {
        HttpRequest due = fixture.http().request(rotation.rotation() + "/due?within=1h&limit=" + LIMIT)
                .header("Authorization", "Bearer " + token).GET().build();
        int clients = Math.min(CLIENTS, settings.concurrency());
        LoadRunner.Outcome outcome = LoadRunner.run(client -> fixture.http().send(due), clients, settings.warmup(),
                settings.duration());
        LoadScenario.reportFailures(name(), fixture.target().backend(), outcome.latencies());

        int listed = BenchHttp.JSON.readTree(fixture.http().sendForText(due).body()).path("data").size();
        String policyId = db.read(h -> h.createQuery("SELECT id FROM rotation_policies WHERE name = :name")
                .bind("name", POLICY).mapTo(String.class).one());
        long assigned = db.read(h -> h.createQuery("SELECT COUNT(*) FROM rotation_secrets WHERE policy_id = :p")
                .bind("p", policyId).mapTo(Long.class).one());
        Scan scan = scan(db);

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("p95_ms", outcome.latencies().percentileMillis(95));
        extra.put("assigned", assigned);
        extra.put("due_listed", listed);
        extra.put("scan_ms", scan.medianMillis());
        extra.put("scan_rows", scan.rows());
        extra.put("seed_s", seedSeconds);
        return Result.of(name(), fixture.target().backend(), clients, outcome, extra);
    }

    private record Scan(double medianMillis, int rows) {}

    /**
     * The scheduler's scan ({@code CoverageStore.due}) as of an hour from now, when the hour's 1,000 are due and it
     * takes the first 100 of them: every row read in full, as the scheduler maps it. The median of 20.
     */
    private static Scan scan(Database db) {
        long at = System.currentTimeMillis() + HOUR.toMillis();
        List<Long> nanos = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < SCANS; i++) {
            long started = System.nanoTime();
            rows = db.read(h -> h.createQuery(SCAN).bind("now", at).mapToMap().list()).size();
            nanos.add(System.nanoTime() - started);
        }
        nanos.sort(null);
        return new Scan(nanos.get(SCANS / 2) / 1e6, rows);
    }

    /**
     * Copies of the real secret's row (new ids and paths in the same project) and of its coverage row (the same
     * policy, assignment and kind, a due time of their own): two statements of a recursive counter, the same SQL on
     * SQLite and PostgreSQL. The secret's other columns are copied by name, whatever they are.
     */
    private static void insert(Database db, String templateId) {
        List<String> columns = new ArrayList<>(db.read(h -> h.createQuery("SELECT * FROM secrets WHERE id = :id")
                .bind("id", templateId).mapToMap().one()).keySet());
        columns.removeAll(List.of("id", "path"));
        String counter = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (SECRETS - 1)
                + ") ";
        String id = "'" + ID_PREFIX + "' || substr(CAST(10000000 + i AS TEXT), 2)";
        String secrets = counter + "INSERT INTO secrets (id, path, " + String.join(", ", columns) + ") SELECT "
                + id + ", '" + Fixture.PROJECT + "/rotation-due/s' || substr(CAST(10000000 + i AS TEXT), 2), "
                + String.join(", ", columns.stream().map(c -> "t." + c).toList())
                + " FROM n CROSS JOIN secrets t WHERE t.id = :template";
        // every hundredth is due within the hour (after the lead), in order; the others scattered over 29 days
        String coverage = counter + "INSERT INTO rotation_secrets (secret_id, vault_id, policy_id, assignment_id, "
                + "kind, next_rotation_at, next_warning_at) SELECT " + id + ", t.vault_id, t.policy_id, "
                + "t.assignment_id, t.kind, CASE WHEN i % 100 = 0 THEN :soon + (i / 100) * :soonStep "
                + "ELSE :later + ((i * 7919) % " + SECRETS + ") * :laterStep END, NULL "
                + "FROM n CROSS JOIN rotation_secrets t WHERE t.secret_id = :template";
        long now = System.currentTimeMillis();
        long soon = now + LEAD.toMillis();
        long soonStep = HOUR.minus(LEAD).toMillis() / DUE_IN_THE_HOUR;
        long later = now + HOUR.toMillis() + Duration.ofMinutes(1).toMillis();
        long laterStep = LATER_SPREAD.toMillis() / SECRETS;
        db.write(h -> h.createUpdate(secrets).bind("template", templateId).execute());
        db.write(h -> h.createUpdate(coverage).bind("template", templateId).bind("soon", soon)
                .bind("soonStep", soonStep).bind("later", later).bind("laterStep", laterStep).execute());
        if (db.url().kind() == StorageUrl.Kind.POSTGRESQL) {
            db.write(h -> h.execute("ANALYZE secrets"));
            db.write(h -> h.execute("ANALYZE rotation_secrets"));
        }
    }
}
