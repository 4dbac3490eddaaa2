package dev.arca.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.TestClock;
import dev.arca.server.error.ArcaException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final LoginThrottle throttle = new LoginThrottle(new TestClock(Instant.parse("2026-01-01T00:00:00Z")));

    @Test
    void ipv6AddressesInOneSlash64_shareTheAddressAllowance() {
        for (int i = 0; i < LoginThrottle.ADDRESS_ALLOWANCE; i++) {
            throttle.begin("vault_a", "user" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThatThrownBy(() -> throttle.begin("vault_a", "other", "2001:db8:1:2:ffff::9"))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.details()).containsEntry("retry_after_seconds", 1L);
                });
        throttle.begin("vault_a", "other", "2001:db8:1:3::1");
    }

    @Test
    void aRefusalForSomethingElse_isNotCountedAsAGuess() {
        for (int i = 0; i < 20; i++) {
            throttle.begin("vault_a", "alice", "192.0.2.1").notJudged();
        }
        for (int i = 0; i < LoginThrottle.PAIR_ALLOWANCE; i++) {
            throttle.begin("vault_a", "alice", "192.0.2.1");
        }
        assertThatThrownBy(() -> throttle.begin("vault_a", "alice", "192.0.2.1")).isInstanceOf(ArcaException.class);
    }

    @Test
    void theSameUsernameInAnotherVault_isCountedApart() {
        for (int i = 0; i < LoginThrottle.PAIR_ALLOWANCE; i++) {
            throttle.begin("vault_a", "alice", "192.0.2.1");
        }
        assertThatThrownBy(() -> throttle.begin("vault_a", "alice", "192.0.2.1")).isInstanceOf(ArcaException.class);
        throttle.begin("vault_b", "alice", "192.0.2.1").succeeded();
    }
}
