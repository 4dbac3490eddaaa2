package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the database credential scenarios share, made once per engine through the API: the connection
 * {@code bench-<plugin>} (root user, any role allowed, verified on write), the role {@code bench-<plugin>} with the
 * plugin's default statements and user names {@code bench_<12 random>}, and a token whose policy may only read
 * credentials (the holder of a lease may always release it).
 */
final class DatabaseFixture {
    /** Every user the scenarios make starts with this, so what is left afterwards can be found and counted. */
    static final String USER_PREFIX = "bench_";

    private final Fixture fixture;
    private final Map<CredentialDatabase, String> configured = new EnumMap<>(CredentialDatabase.class);
    private String token;

    private DatabaseFixture(Fixture fixture) {
        this.fixture = fixture;
    }

    private static DatabaseFixture shared;

    /** The one database fixture of a run. */
    static synchronized DatabaseFixture of(Fixture fixture) {
        if (shared == null || shared.fixture != fixture) {
            shared = new DatabaseFixture(fixture);
        }
        return shared;
    }

    String database() {
        return "/v1/vaults/" + fixture.vault() + "/database";
    }

    /** {@code …/database/creds/<role>} of {@code engine}, its connection and role written on first use. */
    synchronized String credsPath(CredentialDatabase engine) {
        return database() + "/creds/" + configured.computeIfAbsent(engine, this::configure);
    }

    /** The name of {@code engine}'s connection {@code bench-<plugin>}, written on first use. */
    synchronized String connection(CredentialDatabase engine) {
        return configured.computeIfAbsent(engine, this::configure);
    }

    /** A token allowed to read credentials of any role, through a policy. */
    synchronized String token() {
        if (token == null) {
            fixture.appToken();
            String root = fixture.target().rootToken();
            fixture.http().call("PUT", "/v1/vaults/" + fixture.vault() + "/policies/bench-database", root, """
                    {"rules":[{"path":"_database/creds/**","permissions":["read"]}]}""", 200);
            token = fixture.http().call("POST", "/v1/tokens", root, "{\"policies\":[\"bench-database\"],\"vault\":"
                    + BenchHttp.quote(fixture.vault()) + ",\"ttl\":\"24h\",\"display_name\":\"arca-bench-db\"}",
                    201).path("token").asText();
        }
        return token;
    }

    /** The lease id in a credentials answer. */
    static String leaseId(String credentials) throws Exception {
        JsonNode answer = BenchHttp.JSON.readTree(credentials);
        return answer.path("lease_id").asText();
    }

    private String configure(CredentialDatabase engine) {
        fixture.appToken();
        String name = "bench-" + engine.plugin();
        String root = fixture.target().rootToken();
        fixture.http().call("PUT", database() + "/config/" + name, root, engine.connectionBody(), 200);
        fixture.http().call("PUT", database() + "/roles/" + name, root, "{\"connection\":" + BenchHttp.quote(name)
                + ",\"username_template\":\"" + USER_PREFIX + "{{random 12}}\",\"default_ttl\":\"1h\","
                + "\"max_ttl\":\"24h\"}", 200);
        return name;
    }
}
