package dev.arca.server.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How the pipeline evaluates a route's declared {@link Requirement}, against a guard that holds a fixed set. */
class RequirementTest {
    private static final Function<Call, Resource> SECRET = call -> Resource.inVault("default", "app/db");
    private static final Call CALL = new FixedCall(Principal.signed(Principal.Kind.USER, "alice", "alice",
            "vault_1"));

    /** A guard that grants exactly {@code held} and answers like the real one otherwise; it records each question. */
    private static final class Holding implements Requirement.Asker {
        final Set<Permission> held;
        final List<Permission> asked = new ArrayList<>();

        Holding(Permission... held) {
            this.held = held.length == 0 ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(List.of(held));
        }

        @Override
        public void authorize(Resource resource, Permission permission) {
            asked.add(permission);
            if (!held.contains(permission)) {
                throw ArcaException.denied("access denied: user:alice may not " + permission.wire() + " " + resource);
            }
        }
    }

    @Test
    void onePermission_metWhenHeld_refusedNamingItOtherwise() {
        var read = Requirement.permission(Permission.READ, SECRET);
        assertThat(read.refusal(CALL, new Holding(Permission.READ))).isEmpty();
        assertThatThrownBy(() -> read.check(CALL, new Holding(Permission.LIST)))
                .isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("access denied: user:alice may not read vault default: app/db");
    }

    @Test
    void allOf_refusalNamesTheFirstPermissionMissing() {
        var egressAndRead = Requirement.allOf(SECRET, Permission.EGRESS, Permission.READ);
        assertThat(egressAndRead.refusal(CALL, new Holding(Permission.EGRESS, Permission.READ))).isEmpty();
        assertThat(egressAndRead.refusal(CALL, new Holding(Permission.READ)).orElseThrow())
                .hasMessageContaining("may not egress");
        assertThat(egressAndRead.refusal(CALL, new Holding(Permission.EGRESS)).orElseThrow())
                .hasMessageContaining("may not read");
    }

    @Test
    void alternatives_metByAny_refusedWithTheFirstAlternativesRefusal() {
        var egress = Requirement.allOf(SECRET, Permission.EGRESS, Permission.READ)
                .or(Requirement.permission(Permission.ADMIN, SECRET));
        assertThat(egress.refusal(CALL, new Holding(Permission.ADMIN))).isEmpty();
        assertThat(egress.refusal(CALL, new Holding(Permission.EGRESS, Permission.READ))).isEmpty();
        assertThat(egress.refusal(CALL, new Holding(Permission.EGRESS)).orElseThrow())
                .hasMessageContaining("may not read");
    }

    @Test
    void callerCondition_metWithoutAskingThePolicies() {
        var guard = new Holding();
        var self = Requirement.permission(Permission.ADMIN, SECRET)
                .or(Requirement.caller("the user named in the path", call -> call.caller().id().equals("alice")));
        assertThat(self.refusal(CALL, guard)).isEmpty();
        assertThat(guard.asked).containsExactly(Permission.ADMIN);

        var someoneElse = Requirement.caller("the user named in the path", call -> false);
        assertThat(someoneElse.refusal(CALL, guard).orElseThrow())
                .hasMessage("access denied: user:alice is not the user named in the path");
    }

    @Test
    void when_asksOnlyForTheCallsItAppliesTo() {
        var guard = new Holding(Permission.USE);
        var header = Requirement.permission(Permission.USE, SECRET)
                .and(Requirement.when(call -> false, Requirement.permission(Permission.USE_HEADER, SECRET)));
        assertThat(header.refusal(CALL, guard)).isEmpty();
        assertThat(guard.asked).containsExactly(Permission.USE);

        var applies = Requirement.when(call -> true, Requirement.permission(Permission.USE_HEADER, SECRET));
        assertThat(applies.refusal(CALL, guard).orElseThrow()).hasMessageContaining("may not use:header");
    }

    @Test
    void deniedWith_replacesTheMessageOfADenial() {
        var orphans = Requirement.permission(Permission.ADMIN, SECRET).deniedWith("an orphan needs admin on _tokens");
        assertThat(orphans.refusal(CALL, new Holding()).orElseThrow()).hasMessage("an orphan needs admin on _tokens");
        assertThat(orphans.refusal(CALL, new Holding(Permission.ADMIN))).isEmpty();
    }

    @Test
    void deniedWithAMessageOfTheCall_asksTheGuardOnceAndRefusesWithThatMessage() {
        var byId = Requirement.permission(Permission.READ, SECRET)
                .deniedWith(call -> "access denied: " + call.caller().subject() + " may not read this id");
        var guard = new Holding();

        assertThat(byId.refusal(CALL, guard).orElseThrow()).hasMessage("access denied: user:alice may not read this id");
        assertThat(guard.asked).containsExactly(Permission.READ);
    }

    @Test
    void anErrorThatIsNotADenial_propagates() {
        Requirement.Asker unavailable = (resource, permission) -> {
            throw ArcaException.unavailable("the storage is unavailable");
        };
        var either = Requirement.permission(Permission.READ, SECRET).or(Requirement.caller("anyone", call -> true));
        assertThatThrownBy(() -> either.refusal(CALL, unavailable)).isInstanceOfSatisfying(ArcaException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void aRouteThatSaysNothing_isAuthenticated_andMustSayWhatItNeeds() {
        assertThatThrownBy(() -> Route.get("/v1/x").operation("x.read").summary("x").handle(call -> Reply.noContent()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("say which permission");
        Route route = Route.get("/v1/x").operation("x.read").summary("x").authenticated(Permission.READ, SECRET)
                .handle(call -> Reply.noContent());
        assertThat(route.access()).isEqualTo(Route.Access.AUTHENTICATED);
    }

    @Test
    void accessIsDeclaredOnce() {
        assertThatThrownBy(() -> Route.post("/v1/x").sealedOk().anonymous())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Route.post("/v1/x").authenticated(Permission.READ, SECRET).anonymous())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Route.post("/v1/x").anonymous().requires(Requirement.caller("x", call -> true)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builder_keepsHeadersAndReadingOnly() {
        Route route = Route.post("/v1/x").operation("x.batch").summary("x").authenticated(Permission.READ, SECRET)
                .withHeader("X-Arca-Min-Poll-Interval", "10").readingOnly().handle(call -> Reply.noContent());
        assertThat(route.headers()).containsEntry("X-Arca-Min-Poll-Interval", "10");
        assertThat(route.writes()).isFalse();
        assertThat(Route.post("/v1/x").operation("x.write").summary("x").authenticated(Permission.UPDATE, SECRET)
                .handle(call -> Reply.noContent()).writes()).isTrue();
    }

    /** A call made by {@code principal}; everything else about the request is absent. */
    private record FixedCall(Principal caller) implements Call {
        @Override
        public String requestId() {
            return "req_test";
        }

        @Override
        public Optional<Principal> principal() {
            return Optional.of(caller);
        }

        @Override
        public String sourceIp() {
            return "127.0.0.1";
        }

        @Override
        public String pathParam(String name) {
            return "x";
        }

        @Override
        public <T extends Record> T query(Class<T> type) {
            throw new AssertionError("a requirement read the query of a call that has none");
        }

        @Override
        public <T> T body(Class<T> type) {
            throw new AssertionError("a requirement read the body of a call that has none");
        }

        @Override
        public <T> Optional<T> optionalBody(Class<T> type) {
            return Optional.empty();
        }

        @Override
        public byte[] rawBody() {
            return new byte[0];
        }

        @Override
        public java.io.InputStream bodyStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.empty();
        }

        @Override
        public Map<String, String> form() {
            return Map.of();
        }

        @Override
        public void audit(String key, String value) {}

        @Override
        public void auditSensitive(String key, String value) {}
    }
}
