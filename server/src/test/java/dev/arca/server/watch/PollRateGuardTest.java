package dev.arca.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Polls without waiting: one per principal and secret per interval; the refusal says how long to wait. */
class PollRateGuardTest {
    private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final PollRateGuard guard = new PollRateGuard(Duration.ofSeconds(10), nanos::get);

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void secondPollWithinTheInterval_is429WithTheSecondsLeft() {
        guard.check("token:acc_a", "sk_1");
        advance(4);
        assertThatThrownBy(() -> guard.check("token:acc_a", "sk_1"))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.details()).containsEntry("retry_after_seconds", 6L);
                });
    }

    @Test
    void refusedPolls_doNotPushTheNextAllowedOneFurther() {
        guard.check("token:acc_a", "sk_1");
        advance(9);
        assertThatThrownBy(() -> guard.check("token:acc_a", "sk_1")).isInstanceOf(ArcaException.class);
        advance(1);
        guard.check("token:acc_a", "sk_1");
    }

    @Test
    void otherSecretsAndOtherPrincipals_areCountedApart() {
        guard.check("token:acc_a", "sk_1");
        guard.check("token:acc_a", "sk_2");
        guard.check("machine:mach_b", "sk_1");
    }
}
