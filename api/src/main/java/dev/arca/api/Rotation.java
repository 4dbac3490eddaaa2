package dev.arca.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rotation engine's wire records ({@code docs/API-rotation.md}), mounted in every vault at
 * {@code /v1/vaults/{vault}/rotation/…}: policies that say when secrets rotate and what a rotation produces,
 * their assignments to secrets (by path or id, by prefix, by tag), the runs each rotation leaves in the history, and
 * what is due. Durations are {@link Durations} text ({@code 90d}, {@code 48h}).
 */
public final class Rotation {
    /** A policy's {@link PolicyWrite#kind}: a generated value, per field for a structured secret. */
    public static final String GENERATE = "generate";
    /** A policy's kind: a new password for the database user a structured secret names, set and tested there. */
    public static final String DATABASE = "database";
    /** A policy's kind: the value is pushed by a caller ({@code rotate}); Arca says when it is due and overdue. */
    public static final String PUSH = "push";

    /** Run statuses, in the order a run moves through them; {@link #FAILED} ends a run that could not finish. */
    public static final String PENDING = "pending";
    public static final String SET = "set";
    public static final String TESTED = "tested";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    private Rotation() {}

    /**
     * A database policy's target: the connection of the vault's database engine, and which fields of the assigned
     * secret name the user and hold its password (defaults {@code username} and {@code password}).
     */
    public record Database(String connection, @Nullable String usernameField, @Nullable String passwordField,
            @Nullable List<String> rotationStatements) {
        public static Database of(String connection) {
            return new Database(connection, null, null, null);
        }
    }

    /**
     * {@code PUT …/rotation/policies/{name}}: a policy, created or replaced (a replaced one keeps its assignments;
     * every covered secret's next rotation is computed again from its last one).
     *
     * @param interval rotate every interval (at least {@code 1h}); or give {@code schedule}
     * @param schedule a 5-field cron expression (UTC), e.g. {@code 0 3 * * SUN}
     * @param window how long after each due time the rotation may start (shorter than the period); default none
     * @param grace how long the replaced version stays readable as {@code previous}; default none
     * @param warnBefore when before each due time a {@code rotation_due} event is sent, e.g. {@code ["7d","1d"]}
     * @param kind {@link #GENERATE} (default), {@link #DATABASE} or {@link #PUSH}
     * @param generate how a generated password looks (length, classes, exclude), for generate and database policies
     * @param fields for a generate policy on structured secrets: the fields generated anew (default
     *     {@code ["password"]}); a single-value secret gets a new value
     * @param database for a database policy: where the password is set and tested
     * @param maxAttempts attempts of one run before it is {@code failed} (1-10, default 3)
     */
    public record PolicyWrite(@Nullable String interval, @Nullable String schedule, @Nullable String window,
            @Nullable String grace, @Nullable List<String> warnBefore, @Nullable String kind,
            Secret.@Nullable Generate generate, @Nullable List<String> fields, @Nullable Database database,
            @Nullable Integer maxAttempts) {
        /** A policy rotating every {@code interval}. */
        public static Builder every(Duration interval) {
            return new Builder(Durations.format(interval), null);
        }

        /** A policy rotating at the times of a 5-field cron expression (UTC). */
        public static Builder schedule(String cron) {
            return new Builder(null, Objects.requireNonNull(cron, "cron"));
        }

        /** Builds a {@link PolicyWrite}; what is not set is the server's default. */
        public static final class Builder {
            private final @Nullable String interval;
            private final @Nullable String schedule;
            private @Nullable String window;
            private @Nullable String grace;
            private @Nullable List<String> warnBefore;
            private @Nullable String kind;
            private Secret.@Nullable Generate generate;
            private @Nullable List<String> fields;
            private @Nullable Database database;
            private @Nullable Integer maxAttempts;

            private Builder(@Nullable String interval, @Nullable String schedule) {
                this.interval = interval;
                this.schedule = schedule;
            }

            public Builder window(Duration window) {
                this.window = Durations.format(window);
                return this;
            }

            public Builder grace(Duration grace) {
                this.grace = Durations.format(grace);
                return this;
            }

            public Builder warnBefore(Duration... points) {
                this.warnBefore = java.util.Arrays.stream(points).map(Durations::format).toList();
                return this;
            }

            /** Generated values (the default kind), looking as {@code options} say (null: the defaults). */
            public Builder generate(Secret.@Nullable Generate options) {
                this.kind = GENERATE;
                this.generate = options;
                return this;
            }

            /** The fields of a structured secret a generate policy generates anew. */
            public Builder fields(List<String> fields) {
                this.fields = List.copyOf(fields);
                return this;
            }

            /** Passwords of database users, set and tested through {@code database}. */
            public Builder database(Database database) {
                this.kind = DATABASE;
                this.database = Objects.requireNonNull(database, "database");
                return this;
            }

            /** Values pushed by a caller: the policy keeps the schedule, warnings and history. */
            public Builder push() {
                this.kind = PUSH;
                return this;
            }

            public Builder maxAttempts(int maxAttempts) {
                this.maxAttempts = maxAttempts;
                return this;
            }

            public PolicyWrite build() {
                return new PolicyWrite(interval, schedule, window, grace, warnBefore, kind, generate, fields,
                        database, maxAttempts);
            }
        }
    }

    /** A stored policy: its completed write, its assignments and how many secrets it covers now. */
    public record Policy(String id, String name, @Nullable String interval, @Nullable String schedule,
            @Nullable String window, @Nullable String grace, List<String> warnBefore, String kind,
            Secret.@Nullable Generate generate, @Nullable List<String> fields, @Nullable Database database,
            int maxAttempts, List<Assignment> assignments, int secrets, Instant createdAt, Instant updatedAt) {}

    /**
     * {@code POST …/policies/{name}/assign} and {@code …/unassign}: exactly one of a secret (its path, or its id),
     * a path prefix (covering the secrets under it now and later) or a tag (covering the secrets tagged with it).
     */
    public record Assign(@Nullable String secret, @Nullable String prefix, @Nullable String tag) {
        public static Assign secret(String pathOrId) {
            return new Assign(Objects.requireNonNull(pathOrId, "pathOrId"), null, null);
        }

        public static Assign prefix(String prefix) {
            return new Assign(null, Objects.requireNonNull(prefix, "prefix"), null);
        }

        public static Assign tag(String tag) {
            return new Assign(null, null, Objects.requireNonNull(tag, "tag"));
        }
    }

    /**
     * One assignment of a policy.
     *
     * @param type {@code secret}, {@code prefix} or {@code tag}
     * @param target the secret's id, the prefix or the tag
     * @param path the secret's path, for a {@code secret} assignment
     */
    public record Assignment(String id, String type, String target, @Nullable String path, Instant createdAt) {}

    /** {@code POST …/policies/{name}/trigger}: rotate now every covered secret, or only those named (paths or ids). */
    public record Trigger(@Nullable List<String> secrets) {
        public static Trigger all() {
            return new Trigger(null);
        }

        public static Trigger only(List<String> secrets) {
            return new Trigger(List.copyOf(secrets));
        }
    }

    /** The answer of a trigger: the runs it started (each moves on in the background; follow it in the history). */
    public record Triggered(List<Run> runs) {}

    /**
     * One rotation of one secret, as the history keeps it.
     *
     * @param status {@link #PENDING}, {@link #SET}, {@link #TESTED}, {@link #FINISHED} or {@link #FAILED}
     * @param trigger {@code schedule}, {@code trigger} (a trigger call) or {@code rotate} (a manual rotate)
     * @param version the new version, once finished
     * @param attempts attempts made so far (a failed attempt's candidate value is never used again)
     * @param error the last attempt's failure, never a value
     * @param nextAttemptAt when a run between attempts tries again
     */
    public record Run(String id, String policy, String secretId, String path, String status, String trigger,
            @Nullable Integer version, int attempts, @Nullable String error, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable Instant nextAttemptAt) {}

    /**
     * A covered secret and when it rotates next ({@code GET …/rotation/due?within=24h}).
     *
     * @param overdue whether its due time has passed (a push policy waiting for its value, a run failing or waiting)
     * @param runId the run in progress, if one is
     */
    public record Due(String secretId, String path, String policy, Instant nextRotationAt, boolean overdue,
            @Nullable Instant lastRotatedAt, @Nullable String lastStatus, @Nullable String runId) {}

    /**
     * Where a secret stands with rotation: part of its metadata ({@code rotation}) and of {@code rotation_*} watch
     * events.
     */
    public record State(String policy, @Nullable Instant nextRotationAt, @Nullable Instant lastRotatedAt,
            @Nullable String lastStatus, @Nullable String runId) {}

    /**
     * What a {@code rotated}, {@code rotation_due} or {@code rotation_failed} event says beside the secret.
     *
     * @param dueAt the due time, for {@code rotation_due}
     * @param error why the run failed, for {@code rotation_failed}; never a value
     */
    public record Notice(String policy, @Nullable String runId, @Nullable Instant dueAt, @Nullable String error) {}
}
