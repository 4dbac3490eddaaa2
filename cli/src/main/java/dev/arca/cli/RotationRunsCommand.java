package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.RotationRunQuery;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arca rotation history|due}: what rotations did, and what is coming. */
final class RotationRunsCommand {
    private static final Duration DEFAULT_WITHIN = Duration.ofHours(24);

    private RotationRunsCommand() {}

    @Command(name = "history", description = "The rotation runs, newest first: which secret, under which policy, how "
            + "it was started (schedule, trigger, rotate), the version it made, its attempts and the last error.")
    static final class History extends RotationCommand.RotationSubcommand {
        @Option(names = "--policy", paramLabel = "NAME", description = "Only runs of this policy.")
        String policy;

        @Option(names = "--secret", paramLabel = "PATH_OR_ID", description = "Only runs of this secret.")
        String secret;

        @Option(names = "--status", paramLabel = "S", description = "Only runs in this status: pending, set, tested, "
                + "finished or failed.")
        String status;

        @Option(names = "--limit", paramLabel = "N", description = "At most N runs (1 to 1000; default 100).")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Override
        int run(ArcaClient client) {
            if (limit != null && limit < 1) {
                throw usage("--limit must be at least 1");
            }
            var page = rotation(client).history(RotationRunQuery.all().policy(policy).secret(secret).status(status)
                    .limit(limit).cursor(cursor));
            format.print(out(), page, out -> {
                RotationViews.runs(out, page.data());
                if (page.hasMore()) {
                    out.println("More: --cursor " + page.cursor());
                }
            });
            return 0;
        }
    }

    @Command(name = "due", description = "The covered secrets that rotate within --within, overdue ones first and "
            + "marked OVERDUE: a push policy waiting for its value, or a rotation failing or waiting to retry.")
    static final class Due extends RotationCommand.RotationSubcommand {
        @Option(names = "--within", paramLabel = "DURATION", description = "How far ahead to look (default 24h).")
        String within;

        @Option(names = "--limit", paramLabel = "N", description = "At most N secrets (1 to 1000; default 100).")
        Integer limit;

        @Override
        int run(ArcaClient client) {
            Duration window = duration("--within", within, DEFAULT_WITHIN);
            if (limit != null && limit < 1) {
                throw usage("--limit must be at least 1");
            }
            var rotation = rotation(client);
            var page = limit == null ? rotation.due(window) : rotation.due(window, limit);
            format.print(out(), page, out -> {
                if (page.data().isEmpty()) {
                    out.println("Nothing rotates within " + dev.arca.api.Durations.format(window));
                } else {
                    RotationViews.due(out, page.data());
                }
            });
            return 0;
        }
    }
}
