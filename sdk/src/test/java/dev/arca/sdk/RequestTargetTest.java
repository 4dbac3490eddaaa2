package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {
    @Test
    void secretPath_keepsSlashesAndEncodesEachSegment() {
        var target = RequestTarget.route("v1", "vaults").segment("my vault").segment("secrets").path("app/db ü/x?y");
        assertThat(target).hasToString("/v1/vaults/my%20vault/secrets/app/db%20%C3%BC/x%3Fy");
    }

    @Test
    void segment_encodesSlash() {
        assertThat(RequestTarget.route("v1", "vaults").segment("a/b")).hasToString("/v1/vaults/a%2Fb");
    }

    @Test
    void query_skipsNullsAndEncodesValues() {
        var target = RequestTarget.route("v1", "x").query("prefix", "app/d&b").query("limit", null).query("cursor", "c=1");
        assertThat(target).hasToString("/v1/x?prefix=app%2Fd%26b&cursor=c%3D1");
        assertThat(target.path()).isEqualTo("/v1/x");
    }
}
