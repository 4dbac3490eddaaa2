package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.DatabaseSamples;
import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca lease …} against canned answers: what it sends and prints. */
class LeaseCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String LEASE = "{\"lease_id\":\"lease_1\",\"vault_id\":\"vault_1\",\"secret_id\":\"sk_1\","
            + "\"path\":\"app/db\",\"version\":3,\"holder\":\"agent:bot\",\"issued_at\":\"2025-01-01T00:00:00.000Z\","
            + "\"expires_at\":\"2025-01-01T00:15:00.000Z\",\"max_expires_at\":\"2025-01-02T00:00:00.000Z\","
            + "\"state\":\"active\"}";
    private static final String RETRIEVED = "{\"lease_id\":\"lease_1\",\"id\":\"sk_1\",\"path\":\"app/db\","
            + "\"version\":3,\"type\":\"json\",\"value\":\"{}\",\"fields\":{\"user\":\"admin\",\"password\":\"hunter2\"},"
            + "\"ttl\":600,\"expires_at\":\"2025-01-01T00:10:00.000Z\",\"max_expires_at\":\"2025-01-01T01:00:00.000Z\"}";

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return Cli.against(server, home);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode sent() throws IOException {
        return Cli.lastBody(server);
    }

    @Test
    void retrieve_sendsTheDurations_andPrintsLeaseAndFields() {
        server.on("POST /v1/vaults/prod/secrets/app/db/retrieve", 201, RETRIEVED);
        var result = cli().run("lease", "retrieve", "app/db", "--ttl", "10m", "--max-ttl", "1h", "--version", "3");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"10m\",\"max_ttl\":\"1h\",\"version\":\"3\"}");
        assertThat(result.out()).isEqualTo("LEASE           lease_1" + NL + "PATH            app/db" + NL
                + "VERSION         3" + NL + "EXPIRES         2025-01-01T00:10:00.000Z" + NL
                + "MAX EXPIRES     2025-01-01T01:00:00.000Z" + NL + "FIELD password  hunter2" + NL
                + "FIELD user      admin" + NL);
    }

    @Test
    void retrieve_json_printsTheWireAnswerWithTheValue() throws IOException {
        server.on("POST /v1/vaults/prod/secrets/app/db/retrieve", 201, RETRIEVED);
        var result = cli().run("lease", "retrieve", "app/db", "--format", "json");
        assertThat(server.last().body()).isEqualTo("{}");
        JsonNode printed = Json.lenient().readTree(result.out());
        assertThat(printed.get("lease_id").asText()).isEqualTo("lease_1");
        assertThat(printed.get("fields").get("password").asText()).isEqualTo("hunter2");
        assertThat(printed.get("ttl").asLong()).isEqualTo(600);
    }

    @Test
    void retrieve_badDuration_isAUsageErrorAndSendsNothing() {
        var result = cli().run("lease", "retrieve", "app/db", "--ttl", "15 minutes");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--ttl: '15 minutes' is not a duration");
        assertThat(cli().run("lease", "retrieve", "app/db", "--max-ttl", "0s").exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void list_withoutFilter_isOwnLeases_withFilter_theVaults() {
        server.on("GET /v1/leases", 200, "{\"data\":[" + LEASE + "],\"has_more\":false}")
                .on("GET /v1/vaults/prod/leases?holder=agent%3Abot&secret=sk_1", 200,
                        "{\"data\":[" + LEASE + "],\"has_more\":true,\"cursor\":\"n1\"}");
        var own = cli().run("lease", "list");
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(own.out()).isEqualTo("LEASE    PATH    VERSION  HOLDER     EXPIRES                   MAX EXPIRES" + NL
                + "lease_1  app/db  3        agent:bot  2025-01-01T00:15:00.000Z  2025-01-02T00:00:00.000Z" + NL);
        assertThat(server.last().route()).isEqualTo("GET /v1/leases");

        var vault = cli().run("lease", "list", "--holder", "agent:bot", "--secret", "sk_1");
        assertThat(vault.out()).endsWith("More: --cursor n1" + NL);
        assertThat(cli().run("lease", "list", "--limit", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void getRenewRelease_useTheirRoutes_andPrintWhatHappened() throws IOException {
        server.on("GET /v1/leases/lease_1", 200, LEASE).on("POST /v1/leases/renew", 200, LEASE)
                .on("POST /v1/leases/release", 204, "");
        var get = cli().run("lease", "get", "lease_1");
        assertThat(get.out()).contains("HOLDER       agent:bot" + NL).contains("STATE        active" + NL)
                .contains("ENDED        -" + NL);
        var renew = cli().run("lease", "renew", "lease_1", "--increment", "1h");
        assertThat(renew.out()).isEqualTo("Renewed lease_1 until 2025-01-01T00:15:00.000Z (at most 2025-01-02T00:00:00.000Z)"
                + NL);
        assertThat(sent()).isEqualTo(Json.lenient().readTree("{\"lease_id\":\"lease_1\",\"increment\":\"1h\"}"));
        var release = cli().run("lease", "release", "lease_1");
        assertThat(release.out()).isEqualTo("Released lease_1" + NL);
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_1\"}");
        var releaseJson = cli().run("lease", "release", "lease_1", "--format", "json");
        assertThat(Json.lenient().readTree(releaseJson.out()).get("state").asText()).isEqualTo("released");
    }

    @Test
    void endedLease_isOneErrorLineWithLeaseExpired() {
        server.on("POST /v1/leases/renew", 410, "{\"error\":{\"code\":\"lease_expired\",\"message\":\"lease lease_1 "
                + "has ended: retrieve again\"}}");
        var result = cli().run("lease", "renew", "lease_1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: lease lease_1 has ended: retrieve again (lease_expired)" + NL);
    }

    @Test
    void revoke_identityNamesTheHolder_notTheCaller() throws IOException {
        server.on("POST /v1/vaults/prod/leases/revoke", 200, "{\"revoked\":2}");
        var result = cli().run("lease", "revoke", "--identity", "agent:bot");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Revoked 2 leases of agent:bot" + NL);
        assertThat(server.last().body()).isEqualTo("{\"holder\":\"agent:bot\"}");
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_t");
        var json = cli().run("lease", "revoke", "--identity", "agent:bot", "--format", "json");
        assertThat(Json.lenient().readTree(json.out()).get("revoked").asInt()).isEqualTo(2);
        assertThat(cli().run("lease", "revoke").exitCode()).isEqualTo(2);
    }
    @Test
    void show_ofADynamicCredentialsLease_printsKindAndCleanup_andNoVersion() {
        server.on("GET /v1/leases/lease_db2", 200, DatabaseSamples.IRREVOCABLE);
        var show = cli().run("lease", "show", "lease_db2");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("KIND         database" + NL).contains("PATH         database/creds/readonly" + NL)
                .contains("VERSION      -" + NL).contains("CLEANUP      irrevocable" + NL)
                .contains("LAST ERROR   connection refused: 127.0.0.1:5432" + NL);
    }

    @Test
    void listIrrevocable_revokePrefix_andRevokeForce_useTheVaultsRoutes() throws IOException {
        server.on("GET /v1/vaults/prod/leases/irrevocable", 200, "{\"data\":[" + DatabaseSamples.IRREVOCABLE
                        + "],\"has_more\":false}")
                .on("POST /v1/vaults/prod/leases/revoke-prefix", 200, "{\"revoked\":1}")
                .on("POST /v1/vaults/prod/leases/lease_db2/revoke-force", 204, "");
        var irrevocable = cli().run("lease", "list", "--irrevocable");
        assertThat(irrevocable.exitCode()).as(irrevocable.err()).isZero();
        assertThat(irrevocable.out()).isEqualTo("LEASE      PATH                     HOLDER      STATE    ENDED"
                + "                     LAST ERROR" + NL + "lease_db2  database/creds/readonly  user:admin  expired  "
                + "2026-12-02T09:00:00.000Z  connection refused: 127.0.0.1:5432" + NL);
        assertThat(cli().run("lease", "list", "--irrevocable", "--holder", "agent:bot").exitCode()).isEqualTo(2);

        var prefix = cli().run("lease", "revoke", "--prefix", "database/creds/readonly");
        assertThat(prefix.out()).isEqualTo("Revoked 1 lease under database/creds/readonly" + NL);
        assertThat(server.last().body()).isEqualTo("{\"prefix\":\"database/creds/readonly\"}");
        assertThat(cli().run("lease", "revoke", "--prefix", "p", "--identity", "agent:bot").exitCode()).isEqualTo(2);

        var force = cli().run("lease", "revoke-force", "lease_db2", "--format", "json");
        assertThat(force.exitCode()).as(force.err()).isZero();
        assertThat(Json.lenient().readTree(force.out()).get("forced").asBoolean()).isTrue();
        assertThat(server.last().route()).isEqualTo("POST /v1/vaults/prod/leases/lease_db2/revoke-force");
        server.on("POST /v1/vaults/prod/leases/lease_db2/revoke-force", 409, DatabaseSamples.error("conflict",
                "lease lease_db2 owes no revocation"));
        assertThat(cli().run("lease", "revoke-force", "lease_db2").err()).contains("owes no revocation");
    }
}
