package dev.arca.cli;

import dev.arca.api.Rotation;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.RotationOperations;
import dev.arca.sdk.RotationTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arca rotation trigger NAME [--secret S…] [--wait [--timeout D]]}: rotates now; with {@code --wait}, follows
 * every run to its end and fails when one did.
 */
@Command(name = "trigger", description = "Rotate now every secret the policy covers, or only the --secret ones, and "
        + "print the runs started. With --wait, follow each run to its end and print how it ended; exits 1 if one "
        + "failed or did not end within --timeout.")
final class RotationTriggerCommand extends RotationPolicyCommand.OnePolicy {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--secret", paramLabel = "PATH_OR_ID", description = "Only this covered secret: project/name, or "
            + "its sk_… id; repeat for more.")
    List<String> secrets;

    @Option(names = "--wait", description = "Wait for every run to finish or fail.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "With --wait: how long to wait for all of "
            + "them together (default 60s); the runs go on after it.")
    String timeout;

    @Override
    int run(ArcaClient client) {
        if (timeout != null && !wait) {
            throw usage("--timeout goes with --wait");
        }
        Duration waitFor = duration("--timeout", timeout, DEFAULT_TIMEOUT);
        var rotation = rotation(client);
        var triggered = rotation.trigger(name, secrets == null ? Rotation.Trigger.all()
                : Rotation.Trigger.only(secrets));
        if (triggered.runs().isEmpty()) {
            format.print(out(), triggered, out -> out.println("Nothing to rotate: " + name + " covers no secret"
                    + (secrets == null ? "" : " of those named")));
            return 0;
        }
        if (!wait) {
            format.print(out(), triggered, out -> {
                out.println("Started " + triggered.runs().size() + " rotation" + (triggered.runs().size() == 1 ? ""
                        : "s") + "; follow with arca rotation history --policy " + name);
                RotationViews.runs(out, triggered.runs());
            });
            return 0;
        }
        if (!format.json()) {
            out().println("Started " + triggered.runs().size() + "; waiting up to " + dev.arca.api.Durations.format(
                    waitFor) + " for them to end…");
            out().flush();
        }
        var ended = awaitAll(rotation, triggered.runs(), waitFor);
        var result = new Rotation.Triggered(ended);
        format.print(out(), result, out -> RotationViews.runs(out, ended));
        long failed = ended.stream().filter(run -> Rotation.FAILED.equals(run.status())).count();
        long unfinished = ended.stream().filter(run -> !Rotation.FINISHED.equals(run.status())).count() - failed;
        if (failed > 0 || unfinished > 0) {
            throw new CommandFailure((failed > 0 ? failed + " of " + ended.size() + " rotations failed" : "")
                    + (failed > 0 && unfinished > 0 ? "; " : "")
                    + (unfinished > 0 ? unfinished + " did not end within " + dev.arca.api.Durations.format(waitFor)
                            + " (they go on: arca rotation history --policy " + name + ")" : ""));
        }
        return 0;
    }

    /** Each run as it ended, or as it stood when the time was up; the runs share one deadline. */
    private static List<Rotation.Run> awaitAll(RotationOperations rotation, List<Rotation.Run> runs,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var ended = new ArrayList<Rotation.Run>();
        for (Rotation.Run run : runs) {
            long left = deadline - System.nanoTime();
            try {
                ended.add(rotation.awaitRun(run.id(), Duration.ofNanos(Math.max(left, 1_000_000))));
            } catch (RotationTimeoutException e) {
                ended.add(e.run());
            }
        }
        return ended;
    }
}
