package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.NotFoundException;
import dev.arca.sdk.RotationOperations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca rotation create|update|show|list|delete}: the policies themselves. */
final class RotationPolicyCommand {
    private RotationPolicyCommand() {}

    /** A subcommand about one policy. */
    abstract static class OnePolicy extends RotationCommand.RotationSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The policy's name, e.g. api-keys.")
        String name;

        final void printPolicy(Rotation.Policy policy) {
            format.print(out(), policy, out -> RotationViews.policy(out, policy));
        }

        /** The policy, or null when the vault has none of that name. */
        final Rotation.@Nullable Policy find(RotationOperations rotation) {
            try {
                return rotation.policy(name);
            } catch (NotFoundException e) {
                return null;
            }
        }
    }

    /**
     * The options of {@code create} and {@code update}: when, what a rotation makes (one kind, and only the options
     * of that kind), the grace and the warnings. {@code update} starts from the stored policy, so what is left out
     * is kept; {@code create} leaves it to the server's defaults.
     */
    abstract static class WritePolicy extends OnePolicy {
        @Option(names = "--interval", paramLabel = "DURATION", description = "Rotate every DURATION, at least 1h, "
                + "e.g. 90d; or give --schedule.")
        String interval;

        @Option(names = "--schedule", paramLabel = "CRON", description = "Rotate at the times of a 5-field cron "
                + "expression in UTC (minute hour day-of-month month day-of-week), e.g. \"0 3 * * SUN\".")
        String schedule;

        @Option(names = "--window", paramLabel = "DURATION", description = "Start each rotation at a random point "
                + "within DURATION after its due time (shorter than the period), e.g. 1h.")
        String window;

        @Option(names = "--grace", paramLabel = "DURATION", description = "How long the replaced version stays "
                + "readable as --version previous (at most 30d), e.g. 48h (default: not at all).")
        String grace;

        @Option(names = "--warn-before", paramLabel = "DURATIONS", description = "When before each rotation a "
                + "rotation_due event is sent, comma-separated, each shorter than the period, e.g. 7d,1d.")
        String warnBefore;

        @Option(names = "--generate", description = "Rotations generate a new value (the default kind); a "
                + "structured secret gets new values in its --field fields.")
        boolean generate;

        @Option(names = "--database", paramLabel = "CONNECTION", description = "Rotations set a new password for the "
                + "database user the assigned (structured) secret names, and log in with it, through this connection "
                + "of the vault's database engine.")
        String database;

        @Option(names = "--push", description = "The value comes from a caller's arca secret rotate; Arca keeps the "
                + "schedule, the warnings and the history, and shows an unrotated secret as overdue.")
        boolean push;

        @Option(names = "--length", paramLabel = "N", description = "With --generate or --database: characters "
                + "generated (default: the server's).")
        Integer length;

        @Option(names = "--no-symbols", description = "With --generate or --database: no symbols.")
        boolean noSymbols;

        @Option(names = "--no-digits", description = "With --generate or --database: no digits.")
        boolean noDigits;

        @Option(names = "--no-upper", description = "With --generate or --database: no upper-case letters.")
        boolean noUpper;

        @Option(names = "--no-lower", description = "With --generate or --database: no lower-case letters.")
        boolean noLower;

        @Option(names = "--exclude", paramLabel = "CHARS", description = "With --generate or --database: characters "
                + "never to use.")
        String exclude;

        @Option(names = "--field", paramLabel = "NAME", description = "With --generate: a field of structured "
                + "secrets generated anew, the others kept; repeat for more (default: password).")
        List<String> fields;

        @Option(names = "--username-field", paramLabel = "NAME", description = "With --database: the field holding "
                + "the user's name (default: username).")
        String usernameField;

        @Option(names = "--password-field", paramLabel = "NAME", description = "With --database: the field holding "
                + "its password (default: password).")
        String passwordField;

        @Option(names = "--rotation-statement", paramLabel = "SQL", description = "With --database: a statement "
                + "that sets the password ({{name}}, {{password}}); repeat, in order (default: the plugin's).")
        List<String> rotationStatements;

        @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts of one rotation before it is "
                + "failed, 1 to 10 (default 3); attempt n failing waits 30s*2^(n-1) before the next.")
        Integer maxAttempts;

        /** Whether any option but the name was given: an update without one would change nothing. */
        final boolean anyOption() {
            return interval != null || schedule != null || window != null || grace != null || warnBefore != null
                    || generate || database != null || push || looksGiven() || fields != null
                    || databaseOptionsGiven() || maxAttempts != null;
        }

        /** The checks that need no stored policy, made before anything is sent. */
        final void checkOptions(boolean creating) {
            if (interval != null && schedule != null) {
                throw usage("give --interval or --schedule, not both");
            }
            if (creating && interval == null && schedule == null) {
                throw usage("give --interval DURATION (e.g. 90d) or --schedule CRON (e.g. \"0 3 * * SUN\")");
            }
            if (schedule != null && schedule.isBlank()) {
                throw usage("--schedule needs a 5-field cron expression, e.g. \"0 3 * * SUN\"");
            }
            if ((generate ? 1 : 0) + (database != null ? 1 : 0) + (push ? 1 : 0) > 1) {
                throw usage("choose one kind: --generate, --database CONNECTION or --push");
            }
            if (database != null && database.isBlank()) {
                throw usage("--database needs the name of a connection");
            }
            duration("--interval", interval);
            duration("--window", window);
            duration("--grace", grace);
            warnBefore();
            if (fields != null) {
                var seen = new HashSet<String>();
                for (String field : fields) {
                    if (field.isBlank()) {
                        throw usage("--field needs a field name");
                    }
                    if (!seen.add(field)) {
                        throw usage("--field " + field + " is given twice");
                    }
                }
            }
        }

        /** {@code --warn-before 7d,1d} as durations in their shortest form; null when not given. */
        final @Nullable List<String> warnBefore() {
            if (warnBefore == null) {
                return null;
            }
            var points = new ArrayList<String>();
            for (String point : warnBefore.split(",", -1)) {
                points.add(text(point.strip(), "--warn-before"));
            }
            return List.copyOf(points);
        }

        /**
         * The write: the options over {@code current} (null for a new policy). The kind is the one given, else the
         * stored one; options of another kind are a usage error.
         */
        final Rotation.PolicyWrite write(Rotation.@Nullable Policy current) {
            String kind = generate ? Rotation.GENERATE : database != null ? Rotation.DATABASE
                    : push ? Rotation.PUSH : current != null ? current.kind() : Rotation.GENERATE;
            checkKind(kind);
            boolean sameKind = current != null && kind.equals(current.kind());
            String newInterval = interval != null ? text(interval, "--interval") : schedule != null ? null
                    : current == null ? null : current.interval();
            String newSchedule = schedule != null ? schedule.strip() : interval != null ? null
                    : current == null ? null : current.schedule();
            return new Rotation.PolicyWrite(newInterval, newSchedule,
                    window != null ? text(window, "--window") : current == null ? null : current.window(),
                    grace != null ? text(grace, "--grace") : current == null ? null : current.grace(),
                    warnBefore != null ? warnBefore() : current == null ? null : current.warnBefore(),
                    kind, generateOptions(kind, current), generatedFields(kind, sameKind ? current : null),
                    databaseTarget(kind, sameKind ? current : null),
                    maxAttempts != null ? maxAttempts : current == null ? null : current.maxAttempts());
        }

        private void checkKind(String kind) {
            if (Rotation.PUSH.equals(kind) && (looksGiven() || fields != null || databaseOptionsGiven())) {
                throw usage("a push policy's value comes from arca secret rotate: --length, --no-symbols, "
                        + "--no-digits, --no-upper, --no-lower, --exclude, --field and the --database options do "
                        + "not go with --push");
            }
            if (!Rotation.DATABASE.equals(kind) && databaseOptionsGiven()) {
                throw usage("--username-field, --password-field and --rotation-statement go with --database "
                        + "CONNECTION");
            }
            if (Rotation.DATABASE.equals(kind) && fields != null) {
                throw usage("--field goes with --generate: a database policy rotates the --password-field");
            }
        }

        private boolean looksGiven() {
            return length != null || noSymbols || noDigits || noUpper || noLower || exclude != null;
        }

        private boolean databaseOptionsGiven() {
            return usernameField != null || passwordField != null || rotationStatements != null;
        }

        /** How generated passwords look: a push policy has none; the others keep the stored look, changed as said. */
        private Secret.@Nullable Generate generateOptions(String kind, Rotation.@Nullable Policy current) {
            if (Rotation.PUSH.equals(kind)) {
                return null;
            }
            Secret.Generate stored = current == null ? null : current.generate();
            if (!looksGiven()) {
                return stored;
            }
            return new Secret.Generate(length != null ? length : stored == null ? null : stored.length(),
                    noLower ? Boolean.FALSE : stored == null ? null : stored.lower(),
                    noUpper ? Boolean.FALSE : stored == null ? null : stored.upper(),
                    noDigits ? Boolean.FALSE : stored == null ? null : stored.digits(),
                    noSymbols ? Boolean.FALSE : stored == null ? null : stored.symbols(),
                    exclude != null ? exclude : stored == null ? null : stored.exclude());
        }

        private @Nullable List<String> generatedFields(String kind, Rotation.@Nullable Policy sameKind) {
            if (!Rotation.GENERATE.equals(kind)) {
                return null;
            }
            return fields != null ? List.copyOf(fields) : sameKind == null ? null : sameKind.fields();
        }

        private Rotation.@Nullable Database databaseTarget(String kind, Rotation.@Nullable Policy sameKind) {
            if (!Rotation.DATABASE.equals(kind)) {
                return null;
            }
            Rotation.Database stored = sameKind == null ? null : sameKind.database();
            String connection = database != null ? database.strip() : stored == null ? null : stored.connection();
            if (connection == null) {
                throw new CommandFailure("policy " + name + " has no database connection: give --database "
                        + "CONNECTION");
            }
            return new Rotation.Database(connection,
                    usernameField != null ? usernameField : stored == null ? null : stored.usernameField(),
                    passwordField != null ? passwordField : stored == null ? null : stored.passwordField(),
                    rotationStatements != null ? List.copyOf(rotationStatements)
                            : stored == null ? null : stored.rotationStatements());
        }

        /** A duration option as sent: its shortest form ({@code 48h} → {@code 2d}), checked already. */
        private String text(String value, String option) {
            // a given value parses to a duration (or is a usage error); ZERO is never reached
            return Durations.format(duration(option, value, Duration.ZERO));
        }
    }

    @Command(name = "create", description = "Create a rotation policy; refused if one of that name exists "
            + "(change it with update). Give --interval or --schedule, and one kind: --generate (the default), "
            + "--database CONNECTION or --push.")
    static final class Create extends WritePolicy {
        @Override
        int run(ArcaClient client) {
            checkOptions(true);
            Rotation.PolicyWrite write = write(null);
            var rotation = rotation(client);
            if (find(rotation) != null) {
                throw new CommandFailure("rotation policy " + name + " exists already: change it with arca rotation "
                        + "update " + name + ", or delete it first");
            }
            printPolicy(rotation.putPolicy(name, write));
            return 0;
        }
    }

    @Command(name = "update", description = "Change a rotation policy: the options given replace those parts, the "
            + "rest is kept, and so are its assignments; every covered secret's next rotation is computed again.")
    static final class Update extends WritePolicy {
        @Override
        int run(ArcaClient client) {
            checkOptions(false);
            if (!anyOption()) {
                throw usage("nothing to change: give the options to change, e.g. --interval 30d or --grace 48h");
            }
            var rotation = rotation(client);
            Rotation.Policy current = find(rotation);
            if (current == null) {
                throw new CommandFailure("no rotation policy " + name + " in this vault: create it with arca "
                        + "rotation create " + name);
            }
            printPolicy(rotation.putPolicy(name, write(current)));
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a rotation policy and what it is assigned to.")
    static final class Show extends OnePolicy {
        @Override
        int run(ArcaClient client) {
            printPolicy(rotation(client).policy(name));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's rotation policies.")
    static final class ListPolicies extends RotationCommand.RotationSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = rotation(client).policies();
            format.print(out(), page, out -> RotationViews.policies(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a rotation policy and its assignments; its secrets keep their "
            + "values and rotate no more. Refused while one of its rotations is in progress.")
    static final class Delete extends OnePolicy {
        @Override
        int run(ArcaClient client) {
            rotation(client).deletePolicy(name);
            format.print(out(), Map.of("deleted", name), out -> out.println("Deleted rotation policy " + name));
            return 0;
        }
    }
}
