package dev.arca.server.route;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What an authenticated caller must hold before a route's handler runs, as the route declares it: one permission
 * on a resource the call names, all of several, any of several alternatives, a condition on the caller itself
 * (the user named in the path), or a requirement that applies only to some calls (an operation named in the body).
 * The pipeline evaluates it after authentication (DESIGN §2 step 7), so no handler asks the authorizer by hand.
 *
 * <p>A refusal is the one the guard gives for the first permission missing: for alternatives, the refusal of the
 * first alternative, which is therefore the one to write first (the usual way in, e.g. {@code egress} and
 * {@code read} before {@code admin}).
 */
public sealed interface Requirement {

    /** Asks the guard one question for the call's principal: returns when allowed, else throws 403. */
    @FunctionalInterface
    interface Asker {
        void authorize(Resource resource, Permission permission);
    }

    /** {@code permission} on the resource {@code on} computes from the call. */
    static Requirement permission(Permission permission, Function<Call, Resource> on) {
        return new Held(permission, on);
    }

    /** Every one of {@code permissions}, all on the resource {@code on} computes, asked in the order given. */
    static Requirement allOf(Function<Call, Resource> on, Permission... permissions) {
        return new AllOf(java.util.Arrays.stream(permissions).map(p -> permission(p, on)).toList());
    }

    /**
     * Met when {@code test} holds for the call, without asking the policies; {@code what} says who passes (for
     * the refusal, e.g. "the user named in the path").
     */
    static Requirement caller(String what, Predicate<Call> test) {
        return new CallerIs(what, test);
    }

    /** {@code then} for the calls {@code applies} to; met without a question for the others. */
    static Requirement when(Predicate<Call> applies, Requirement then) {
        return new When(applies, then);
    }

    /** This and then {@code other}. */
    default Requirement and(Requirement other) {
        return new AllOf(List.of(this, other));
    }

    /** This, or else {@code other}; refused with this one's refusal when neither is met. */
    default Requirement or(Requirement other) {
        return new AnyOf(List.of(this, other));
    }

    /** This requirement, refused with {@code message} (403) instead of the guard's, e.g. to say what to do instead. */
    default Requirement deniedWith(String message) {
        return deniedWith(call -> message);
    }

    /**
     * This requirement, refused with the message {@code message} makes for the call instead of the guard's: e.g.
     * one refusal, naming nothing the caller may not see, whatever the reason was.
     */
    default Requirement deniedWith(Function<Call, String> message) {
        return new Explained(this, message);
    }

    /** The 403 this requirement gives the call, or empty when it is met. Errors other than a denial propagate. */
    Optional<ArcaException> refusal(Call call, Asker asker);

    /** Throws the requirement's 403 unless the call meets it. */
    default void check(Call call, Asker asker) {
        Optional<ArcaException> refusal = refusal(call, asker);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    record Held(Permission permission, Function<Call, Resource> on) implements Requirement {
        public Held {
            Objects.requireNonNull(permission);
            Objects.requireNonNull(on, "say which resource the permission is asked for");
        }

        @Override
        public Optional<ArcaException> refusal(Call call, Asker asker) {
            try {
                asker.authorize(on.apply(call), permission);
                return Optional.empty();
            } catch (ArcaException refused) {
                if (refused.code() != ErrorCode.ACCESS_DENIED) {
                    throw refused;
                }
                return Optional.of(refused);
            }
        }
    }

    record AllOf(List<Requirement> all) implements Requirement {
        public AllOf {
            all = List.copyOf(all);
        }

        @Override
        public Optional<ArcaException> refusal(Call call, Asker asker) {
            for (Requirement each : all) {
                Optional<ArcaException> refusal = each.refusal(call, asker);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
            return Optional.empty();
        }
    }

    record AnyOf(List<Requirement> alternatives) implements Requirement {
        public AnyOf {
            alternatives = List.copyOf(alternatives);
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("a choice needs at least one alternative");
            }
        }

        @Override
        public Optional<ArcaException> refusal(Call call, Asker asker) {
            Optional<ArcaException> first = Optional.empty();
            for (Requirement alternative : alternatives) {
                Optional<ArcaException> refusal = alternative.refusal(call, asker);
                if (refusal.isEmpty()) {
                    return refusal;
                }
                if (first.isEmpty()) {
                    first = refusal;
                }
            }
            return first;
        }
    }

    record CallerIs(String what, Predicate<Call> test) implements Requirement {
        public CallerIs {
            Objects.requireNonNull(what);
            Objects.requireNonNull(test);
        }

        @Override
        public Optional<ArcaException> refusal(Call call, Asker asker) {
            if (test.test(call)) {
                return Optional.empty();
            }
            Principal caller = call.caller();
            return Optional.of(ArcaException.denied("access denied: " + caller.subject() + " is not " + what));
        }
    }

    record When(Predicate<Call> applies, Requirement then) implements Requirement {
        public When {
            Objects.requireNonNull(applies);
            Objects.requireNonNull(then);
        }

        @Override
        public Optional<ArcaException> refusal(Call call, Asker asker) {
            return applies.test(call) ? then.refusal(call, asker) : Optional.empty();
        }
    }

    record Explained(Requirement requirement, Function<Call, String> message) implements Requirement {
        public Explained {
            Objects.requireNonNull(requirement);
            Objects.requireNonNull(message);
        }

        @Override
        public Optional<ArcaException> refusal(Call call, Asker asker) {
            return requirement.refusal(call, asker).map(refused -> ArcaException.denied(message.apply(call)));
        }
    }
}
