package dev.arca.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathGlobTest {
    @ParameterizedTest(name = "{0} ~ ''{1}'' = {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            app/db          | app/db             | true
            app/db          | app/db2            | false
            app/db          | app                | false
            app/db          | app/db/x           | false
            app/db          | App/db             | false
            app/*           | app/db             | true
            app/*           | app                | false
            app/*           | app/db/x           | false
            */db            | app/db             | true
            */db            | app/x/db           | false
            *               | app                | true
            *               | _policies          | true
            *               |                    | false
            *               | app/db             | false
            app/**          | app                | true
            app/**          | app/db             | true
            app/**          | app/db/x/y         | true
            app/**          | application/db     | false
            app/**          | ap                 | false
            app/**          |                    | false
            **              |                    | true
            **              | app                | true
            **              | app/db/x           | true
            **              | _policies          | true
            **/db           | db                 | true
            **/db           | app/db             | true
            **/db           | app/x/y/db         | true
            **/db           | app/db/x           | false
            app/**/db       | app/db             | true
            app/**/db       | app/x/db           | true
            app/**/db       | app/x/y/z/db       | true
            app/**/db       | app/x/y/z/dbx      | false
            app/**/db       | other/x/db         | false
            app/**/**/db    | app/db             | true
            **/x/**         | a/b/x              | true
            **/x/**         | x                  | true
            **/x/**         | a/b/c              | false
            **/a/**/b/**    | a/a/b/b            | true
            **/a/**/b/**    | b/a                | false
            app/web-*       | app/web-1          | true
            app/web-*       | app/web-           | true
            app/web-*       | app/web            | false
            app/web-*       | app/api-1          | false
            app/web-*       | app/web-1/x        | false
            app/web-*/**    | app/web-1/x/y      | true
            prod*/**        | production/db      | true
            prod*/**        | staging/db         | false
            _policies       | _policies          | true
            _policies       | _machines          | false
            _*              | _machines          | true
            _*              | app                | false
            app/**          | app/               | true
            app/*           | app/db/            | true
            """)
    void matches(String pattern, String path, boolean expected) {
        assertThat(PathGlob.compile(pattern).matches(path)).isEqualTo(expected);
    }

    @Test
    void doubleStarMatchesEmptySegmentsOfARequestPath_butOneStarDoesNot() {
        assertThat(PathGlob.compile("app/**").matches("app//x")).isTrue();
        assertThat(PathGlob.compile("app/*/x").matches("app//x")).isFalse();
    }

    @Test
    void manyDoubleStars_matchInLinearTime() {
        PathGlob glob = PathGlob.compile("**/a/**/a/**/a/**/a/**/a/**/a/**/b");
        String path = "a/".repeat(200) + "c";
        long started = System.nanoTime();
        assertThat(glob.matches(path)).isFalse();
        System.out.printf("PathGlob: pathological pattern against 201 segments in %.2f ms%n",
                (System.nanoTime() - started) / 1e6);
    }

    @Test
    void segments_ignoreOneTrailingSlash_andEmptyPathHasNone() {
        assertThat(PathGlob.segments("")).isEmpty();
        assertThat(PathGlob.segments("/")).isEmpty();
        assertThat(PathGlob.segments("app/")).containsExactly("app");
        assertThat(PathGlob.segments("app/db")).containsExactly("app", "db");
        assertThat(PathGlob.segments("app//db")).containsExactly("app", "", "db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/app", "app/", "app//db", "a**b", "app/**x", "x**/db", "a*b", "*a", "app/*db",
            "app/d*b*", "app/d\u0000b", "app/\tdb", "app/d\u007fb", "app/../db", "./app", "app/d?b", "app/[ab]",
            "app/d b", "app/é"})
    void invalidPatterns_areRefusedWithAReason(String pattern) {
        assertThatThrownBy(() -> PathGlob.compile(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\u0000");
    }

    @Test
    void tooLongPattern_isRefused() {
        assertThatThrownBy(() -> PathGlob.compile("a/" + "b".repeat(PathGlob.MAX_BYTES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThatThrownBy(() -> PathGlob.compile("a**b")).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> PathGlob.compile("app/a*b")).hasMessageContaining("may only end a segment");
        assertThatThrownBy(() -> PathGlob.compile("app//db")).hasMessageContaining("empty segments");
    }

    @Test
    void repeatedDoubleStars_collapse_withoutChangingMeaning() {
        assertThat(PathGlob.compile("**/**/**").matches("")).isTrue();
        assertThat(PathGlob.compile("**/**/x").matches("a/x")).isTrue();
        assertThat(PathGlob.compile("**/**/x").pattern()).isEqualTo("**/**/x");
    }
}
