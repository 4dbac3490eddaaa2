package dev.arca.cli;

import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How {@code arca rotation} shows policies, runs and due secrets to people; times are UTC, as Arca keeps them. */
final class RotationViews {
    private RotationViews() {}

    /** A policy: when, what, and each assignment on a line of its own. */
    static void policy(PrintWriter out, Rotation.Policy policy) {
        var table = new Table().row("NAME", policy.name()).row("ID", policy.id()).row("KIND", policy.kind())
                .row(policy.schedule() == null ? "INTERVAL" : "SCHEDULE", when(policy))
                .row("WINDOW", policy.window()).row("GRACE", policy.grace())
                .row("WARN BEFORE", join(policy.warnBefore()));
        if (Rotation.GENERATE.equals(policy.kind()) || Rotation.DATABASE.equals(policy.kind())) {
            table.row("GENERATE", generate(policy.generate()));
        }
        if (Rotation.GENERATE.equals(policy.kind())) {
            table.row("FIELDS", policy.fields() == null ? "password (structured secrets)" : join(policy.fields()));
        }
        Rotation.Database database = policy.database();
        if (database != null) {
            table.row("CONNECTION", database.connection())
                    .row("USERNAME FIELD", orDefault(database.usernameField(), "username"))
                    .row("PASSWORD FIELD", orDefault(database.passwordField(), "password"));
            List<String> statements = database.rotationStatements();
            if (statements == null || statements.isEmpty()) {
                table.row("STATEMENTS", "(plugin default)");
            } else {
                for (int i = 0; i < statements.size(); i++) {
                    table.row(i == 0 ? "STATEMENTS" : "", statements.get(i));
                }
            }
        }
        table.row("MAX ATTEMPTS", policy.maxAttempts()).row("SECRETS", policy.secrets());
        if (policy.assignments().isEmpty()) {
            table.row("ASSIGNED", "(nothing yet: arca rotation assign " + policy.name() + ")");
        }
        for (int i = 0; i < policy.assignments().size(); i++) {
            table.row(i == 0 ? "ASSIGNED" : "", assignment(policy.assignments().get(i)));
        }
        table.row("CREATED", policy.createdAt()).row("UPDATED", policy.updatedAt()).print(out);
    }

    static void policies(PrintWriter out, List<Rotation.Policy> policies) {
        var table = new Table("NAME", "KIND", "WHEN", "GRACE", "WARN BEFORE", "SECRETS");
        policies.forEach(p -> table.row(p.name(), p.kind(), when(p), p.grace(), join(p.warnBefore()), p.secrets()));
        table.print(out);
    }

    /** One assignment as the user gave it: {@code secret app/db (sk_…)}, {@code prefix app/}, {@code tag t}. */
    static String assignment(Rotation.Assignment assignment) {
        if ("secret".equals(assignment.type()) && assignment.path() != null) {
            return "secret " + assignment.path() + " (" + assignment.target() + ")";
        }
        return assignment.type() + " " + assignment.target();
    }

    /** Runs, as the history and a trigger show them; never a value, only a failure's message. */
    static void runs(PrintWriter out, List<Rotation.Run> runs) {
        var table = new Table("RUN", "SECRET", "POLICY", "STATUS", "TRIGGER", "VERSION", "ATTEMPTS", "STARTED",
                "FINISHED", "ERROR");
        runs.forEach(r -> table.row(r.id(), r.path(), r.policy(), r.status(), r.trigger(), r.version(), r.attempts(),
                r.startedAt(), r.finishedAt(), r.error()));
        table.print(out);
    }

    /** What is due, overdue first as the server sorts it, each overdue one marked. */
    static void due(PrintWriter out, List<Rotation.Due> due) {
        var table = new Table("SECRET", "POLICY", "NEXT ROTATION (UTC)", "LAST STATUS", "RUN");
        due.forEach(d -> table.row(d.path(), d.policy(), Table.show(d.nextRotationAt()) + (d.overdue() ? " OVERDUE" : ""),
                d.lastStatus(), d.runId()));
        table.print(out);
        long overdue = due.stream().filter(Rotation.Due::overdue).count();
        if (overdue > 0) {
            out.println(overdue + " overdue");
        }
    }

    /** The interval, or the cron schedule. */
    private static @Nullable String when(Rotation.Policy policy) {
        return policy.schedule() != null ? policy.schedule() : policy.interval() == null ? null
                : "every " + policy.interval();
    }

    /** How generated values look, in the words of the options that set it; the server's defaults otherwise. */
    private static String generate(Secret.@Nullable Generate generate) {
        if (generate == null) {
            return "(defaults)";
        }
        var parts = new ArrayList<String>();
        if (generate.length() != null) {
            parts.add("length " + generate.length());
        }
        without(parts, "lower", generate.lower());
        without(parts, "upper", generate.upper());
        without(parts, "digits", generate.digits());
        without(parts, "symbols", generate.symbols());
        if (generate.exclude() != null && !generate.exclude().isEmpty()) {
            parts.add("exclude " + generate.exclude());
        }
        return parts.isEmpty() ? "(defaults)" : String.join(", ", parts);
    }

    private static void without(List<String> parts, String characters, @Nullable Boolean used) {
        if (Boolean.FALSE.equals(used)) {
            parts.add("no " + characters);
        }
    }

    private static String orDefault(@Nullable String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    /** The items comma-separated; null for none, which a table shows as {@code -}. */
    private static @Nullable String join(@Nullable List<String> items) {
        return items == null || items.isEmpty() ? null : String.join(",", items);
    }
}
