package dev.arca.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedAnswersTest {
    private static final SharedAnswers.Who ALICE = new SharedAnswers.Who(
            Principal.token("acc_alice", "alice", "vault_1", List.of("readers")), "127.0.0.1");
    private static final SharedAnswers.Who BOB = new SharedAnswers.Who(
            Principal.token("acc_bob", "bob", "vault_1", List.of("readers")), "127.0.0.1");

    @Test
    void live_foundOnce_isTheAnswerOfEveryLaterWatcherOfThatPrincipal() {
        var answers = new SharedAnswers();
        var asked = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(answers.live(ALICE, () -> asked.incrementAndGet() > 0)).isTrue();
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void notLive_isAskedAgainByEachWatcher_neverTakenFromAnother() {
        var answers = new SharedAnswers();
        var asked = new AtomicInteger();
        assertThat(answers.live(ALICE, () -> asked.incrementAndGet() < 0)).isFalse();
        assertThat(answers.live(ALICE, () -> asked.incrementAndGet() < 0)).isFalse();
        assertThat(asked).hasValue(2);
    }

    @Test
    void twoPrincipalsWithTheSamePolicies_areAskedEachForThemselves() {
        var answers = new SharedAnswers();
        assertThat(answers.live(ALICE, () -> true)).isTrue();
        assertThat(answers.live(BOB, () -> false)).isFalse();
        var readAlice = new SharedAnswers.Decision(ALICE, "vault_1", "app/a", Permission.READ);
        var readBob = new SharedAnswers.Decision(BOB, "vault_1", "app/a", Permission.READ);
        assertThat(answers.permits(readAlice, () -> true)).isTrue();
        assertThat(answers.permits(readBob, () -> false)).isFalse();
        assertThat(answers.permits(new SharedAnswers.Decision(ALICE, "vault_1", "app/a", Permission.LIST),
                () -> false)).isFalse();
    }

    @Test
    void anEncodingIsMadeOncePerStateAndRightToRead() {
        var answers = new SharedAnswers();
        var made = new AtomicInteger();
        var state = new WatchedSecrets.State("sk_1", "vault_1", "app/a", 2, false);
        var readable = new SharedAnswers.Telling(state, true, true);
        var listable = new SharedAnswers.Telling(state, false, true);
        byte[] first = answers.encoded(readable, () -> bytes("with value", made));
        byte[] again = answers.encoded(readable, () -> bytes("with value", made));
        byte[] without = answers.encoded(listable, () -> bytes("without", made));
        assertThat(again).isSameAs(first);
        assertThat(new String(without, StandardCharsets.UTF_8)).isEqualTo("without");
        assertThat(made).hasValue(2);
    }

    @Test
    void aFailedQuestion_isNotInherited_theNextWatcherAsksAgain() {
        var answers = new SharedAnswers();
        var decision = new SharedAnswers.Decision(ALICE, "vault_1", "app/a", Permission.LIST);
        assertThatThrownBy(() -> answers.permits(decision, () -> {
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(answers.permits(decision, () -> true)).isTrue();
    }

    private static byte[] bytes(String text, AtomicInteger made) {
        made.incrementAndGet();
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
