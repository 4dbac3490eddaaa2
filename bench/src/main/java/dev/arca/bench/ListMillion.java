package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.statement.Update;

/**
 * {@code list-1m}: pages of 100 through a vault of 1,000,000 secrets. The rows go in straight through the
 * database (as {@code ListingBenchmarkTest} does; through the API it would take hours): 10 projects, paths
 * {@code pN/teamNNN/sNNNNNNN}. Each client starts at a random depth (a one-item page under a random
 * {@code pN/teamNNN/} prefix gives it a cursor there) and follows the cursors to the end, then starts again, so
 * the pages are spread over the whole vault rather than all near its start.
 */
final class ListMillion implements Scenario {
    static final int SECRETS = 1_000_000;
    private static final int PROJECTS = 10;
    private static final int PAGE = 100;
    private static final String VAULT = "bench-big";

    @Override
    public String name() {
        return "list-1m";
    }

    @Override
    public String description() {
        return "page (100 a page, by cursor) through a vault of 1,000,000 secrets";
    }

    @Override
    public String unsupported(Target target) {
        return target.database().isEmpty()
                ? "it seeds 1,000,000 rows through the database, so it runs only on a server the bench starts" : null;
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        BenchHttp http = fixture.http();
        String root = fixture.target().rootToken();
        String vaultId = http.call("POST", "/v1/vaults", root, "{\"name\":\"" + VAULT + "\"}", 201).path("id")
                .asText();
        List<String> projects = new ArrayList<>();
        for (int p = 0; p < PROJECTS; p++) {
            projects.add(http.call("POST", "/v1/vaults/" + VAULT + "/projects", root, "{\"name\":\"p" + p + "\"}",
                    201).path("id").asText());
        }
        http.call("PUT", "/v1/vaults/" + VAULT + "/policies/lister", root,
                "{\"rules\":[{\"path\":\"**\",\"permissions\":[\"list\"]}]}", 200);
        String token = http.call("POST", "/v1/tokens", root, "{\"policies\":[\"lister\"],\"vault\":\"" + VAULT
                + "\",\"ttl\":\"24h\"}", 201).path("token").asText();

        long seeding = System.nanoTime();
        insert(fixture.target().database().orElseThrow(), vaultId, projects);
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;

        String[] cursors = new String[settings.concurrency()];
        Operation page = client -> {
            String query = cursors[client] == null
                    ? "prefix=" + randomTeam() + "&limit=1"
                    : "limit=" + PAGE + "&cursor=" + URLEncoder.encode(cursors[client], StandardCharsets.UTF_8);
            HttpResponse<String> response = http.sendForText(http.request("/v1/vaults/" + VAULT + "/secrets?"
                    + query).header("Authorization", "Bearer " + token).GET().build());
            if (response.statusCode() == 200) {
                JsonNode body = BenchHttp.JSON.readTree(response.body());
                cursors[client] = body.path("has_more").asBoolean() ? body.path("cursor").asText(null) : null;
            } else {
                cursors[client] = null;
            }
            return response.statusCode();
        };
        LoadRunner.Outcome outcome = LoadRunner.run(page, settings.concurrency(), settings.warmup(),
                settings.duration());
        LoadScenario.reportFailures(name(), fixture.target().backend(), outcome.latencies());
        return Result.of(name(), fixture.target().backend(), settings.concurrency(), outcome,
                Map.of("secrets", SECRETS, "page_size", PAGE, "seed_s", seedSeconds));
    }

    private static String randomTeam() {
        var random = ThreadLocalRandom.current();
        return "p" + random.nextInt(PROJECTS) + "/team" + String.format("%03d", random.nextInt(1000)) + "/";
    }

    /** One statement makes every row (a recursive counter), the same SQL on SQLite and PostgreSQL. */
    private static void insert(Database db, String vaultId, List<String> projects) {
        var project = new StringBuilder("CASE i % " + PROJECTS);
        for (int p = 0; p < PROJECTS; p++) {
            project.append(" WHEN ").append(p).append(" THEN :p").append(p);
        }
        project.append(" END");
        String sql = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (SECRETS - 1)
                + ") INSERT INTO secrets (id, vault_id, project_id, path, type, current_version, created_at, "
                + "updated_at) SELECT 'sk_big' || substr(CAST(10000000 + i AS TEXT), 2), :v, " + project
                + ", 'p' || (i % 10) || '/team' || substr(CAST(1000 + (i / 10) % 1000 AS TEXT), 2) || '/s' || "
                + "substr(CAST(10000000 + i AS TEXT), 2), 'string', 1, :now, :now FROM n";
        long now = System.currentTimeMillis();
        db.write(h -> {
            Update insert = h.createUpdate(sql).bind("v", vaultId).bind("now", now);
            for (int p = 0; p < PROJECTS; p++) {
                insert.bind("p" + p, projects.get(p));
            }
            return insert.execute();
        });
        if (db.url().kind() == StorageUrl.Kind.POSTGRESQL) {
            db.write(h -> h.execute("ANALYZE secrets"));
        }
    }
}
