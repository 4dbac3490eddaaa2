package dev.arca.bench;

/**
 * What the rotation scenarios share, made once per run through the API: a token whose policy may write rotation
 * policies, trigger them and read runs and what is due ({@code _rotation/**}), so the measured requests pay for a
 * real policy decision as the other scenarios' do. Policies, secrets and assignments are set up with the root token.
 */
final class RotationFixture {
    private static RotationFixture shared;

    private final Fixture fixture;
    private String token;

    private RotationFixture(Fixture fixture) {
        this.fixture = fixture;
    }

    /** The one rotation fixture of a run. */
    static synchronized RotationFixture of(Fixture fixture) {
        if (shared == null || shared.fixture != fixture) {
            shared = new RotationFixture(fixture);
        }
        return shared;
    }

    /** {@code /v1/vaults/<vault>/rotation}. */
    String rotation() {
        return "/v1/vaults/" + fixture.vault() + "/rotation";
    }

    /** {@code …/rotation/policies/<name>}. */
    String policy(String name) {
        return rotation() + "/policies/" + name;
    }

    /** A token that may read, list and update everything under {@code _rotation/}, through a policy. */
    synchronized String token() {
        if (token == null) {
            fixture.appToken();
            String root = fixture.target().rootToken();
            fixture.http().call("PUT", "/v1/vaults/" + fixture.vault() + "/policies/bench-rotation", root, """
                    {"rules":[{"path":"_rotation/**","permissions":["read","list","update"]}]}""", 200);
            token = fixture.http().call("POST", "/v1/tokens", root, "{\"policies\":[\"bench-rotation\"],\"vault\":"
                    + BenchHttp.quote(fixture.vault()) + ",\"ttl\":\"24h\",\"display_name\":\"arca-bench-rotation\"}",
                    201).path("token").asText();
        }
        return token;
    }

    /** Writes policy {@code name} (root) and assigns it the secret at {@code path}; answers the assignment id. */
    String policyAssigned(String name, String body, String path) {
        String root = fixture.target().rootToken();
        fixture.http().call("PUT", policy(name), root, body, 200);
        return fixture.http().call("POST", policy(name) + "/assign", root, "{\"secret\":" + BenchHttp.quote(path)
                + "}", 200).path("id").asText();
    }

    /** Deletes policy {@code name} and its assignments (the run history stays). */
    void deletePolicy(String name) {
        fixture.http().call("DELETE", policy(name), fixture.target().rootToken(), null, 204);
    }
}
