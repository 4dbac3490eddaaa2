package dev.arca.cli;

import dev.arca.api.Batch;
import dev.arca.api.Export;
import dev.arca.api.Notation;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.TransitKey;
import dev.arca.api.WatchEvent;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.ArcaException;
import dev.arca.sdk.ListQuery;
import dev.arca.sdk.SecretOperations;
import dev.arca.server.secrets.EnvNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca run [--project P] [--env-file F] [--watch] -- COMMAND…}: runs a program with secrets in its
 * environment and passes its exit code through; with {@code --watch} restarts it when they change.
 */
@Command(name = "run", description = "Run a program with a project's secrets (as arca export names them) and/or "
        + "the variables of an env file in its environment; exits with its exit code. With --watch, restart it "
        + "when those secrets change.")
final class RunCommand extends ClientCommand {
    /** How long a stopped program may take to exit after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** Changes arriving within this time of each other cause one restart. */
    private static final Duration SETTLE = Duration.ofMillis(500);
    /** The most references one resolve call may carry. */
    private static final int RESOLVE_BATCH = Batch.MAX_ITEMS;

    @Option(names = "--project", paramLabel = "P", description = "Export this project's secrets into the "
            + "environment.")
    String project;

    @Option(names = "--env-file", paramLabel = "FILE", description = "NAME=value lines (e.g. .env.arca); a value "
            + "such as arca://production/db/field/password is resolved, others are passed as they are. A name --project "
            + "or arca's environment also gives is refused unless --allow-collisions (then this file wins).")
    Path envFile;

    @Option(names = "--watch", description = "Restart the program (SIGTERM, SIGKILL after 10 s) when a secret it "
            + "was given changes or is rotated; exit when it exits. A rotation that is due or failed is said on "
            + "stderr, without a restart.")
    boolean watch;

    @Option(names = "--allow-env", paramLabel = "NAME", description = "Let a secret or the env file set NAME even "
            + "though it can make the program run other code or connect elsewhere (LD_PRELOAD, PATH, "
            + "NODE_OPTIONS, HTTPS_PROXY, ARCA_*…), or keep arca's own ARCA_TOKEN, ARCA_CLIENT_ID, "
            + "ARCA_CLIENT_SECRET, ARCA_ENROLLMENT_TOKEN or ARCA_PASSPHRASE_FILE in the program's environment; "
            + "repeat for each name.")
    Set<String> allowedNames = Set.of();

    @Option(names = "--allow-collisions", description = "Start the program even when two sources give the same "
            + "name: the env file wins over --project, both over arca's environment, and a name several secrets "
            + "share is left out (each with a warning). Without it, arca run refuses to start.")
    boolean allowCollisions;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The program and its arguments (after --).")
    List<String> command;

    /** The program now running, for the shutdown hook that stops it when arca itself is told to stop. */
    private final AtomicReference<ChildProcess> running = new AtomicReference<>();

    /** The program's whole environment, and the secrets behind it (to watch). */
    record Environment(Map<String, String> variables, Set<String> secretIds) {}

    @Override
    int run(ArcaClient client) {
        var secrets = client.secrets().withVault(vault(client));
        EnvFile template = envFile == null ? null : readTemplate(envFile);
        var warned = new HashSet<String>();
        try {
            return watch ? runWatching(secrets, template, warned) : runOnce(secrets, template, warned);
        } catch (InterruptedException e) {
            return 130;
        }
    }

    private int runOnce(SecretOperations secrets, @Nullable EnvFile template, Set<String> warned)
            throws InterruptedException {
        var child = start(gather(secrets, template, false, warned).variables());
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            child.stop(STOP_GRACE);
            throw e;
        }
    }

    private sealed interface Signal {}

    private record ChildEnded(ChildProcess child) implements Signal {}

    private record Changed() implements Signal {}

    private record FeedEnded(Thread feed) implements Signal {}

    private int runWatching(SecretOperations secrets, @Nullable EnvFile template, Set<String> warned)
            throws InterruptedException {
        BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        var current = gather(secrets, template, true, warned);
        var child = start(current.variables(), signals);
        Thread feed = follow(secrets, current.secretIds(), signals);
        try {
            while (true) {
                Signal signal = signals.take();
                if (signal instanceof ChildEnded ended && ended.child() == child) {
                    return child.waitFor();
                }
                if (signal instanceof FeedEnded ended && ended.feed() == feed) {
                    err().println("arca run: no longer watching: access to every watched secret is gone");
                    err().flush();
                }
                if (!(signal instanceof Changed)) {
                    continue;
                }
                settle(signals);
                Environment next;
                try {
                    next = gather(secrets, template, true, warned);
                } catch (ArcaException | CommandFailure e) {
                    err().println("warning: secrets changed but the program is not restarted (" + e.getMessage()
                            + "); it keeps running as it is");
                    err().flush();
                    continue;
                }
                if (!next.variables().equals(current.variables())) {
                    err().println("arca run: secrets changed; restarting " + command.get(0));
                    err().flush();
                    child.stop(STOP_GRACE);
                    child = start(next.variables(), signals);
                }
                if (!next.secretIds().equals(current.secretIds())) {
                    feed.interrupt();
                    feed = follow(secrets, next.secretIds(), signals);
                }
                current = next;
            }
        } finally {
            feed.interrupt();
            if (child.isAlive()) {
                child.stop(STOP_GRACE);
            }
        }
    }

    /** Waits out a burst of changes (a few secrets written together), keeping a child's end if one comes. */
    private static void settle(BlockingQueue<Signal> signals) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        var kept = new ArrayList<Signal>();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Signal next = signals.poll(left, TimeUnit.NANOSECONDS);
            if (next != null && !(next instanceof Changed)) {
                kept.add(next);
            }
        }
        signals.addAll(kept);
    }

    /** Follows the secrets' event stream on its own thread; every change and every reconnection signals. */
    private Thread follow(SecretOperations secrets, Set<String> secretIds, BlockingQueue<Signal> signals) {
        if (secretIds.isEmpty()) {
            return Thread.ofVirtual().unstarted(() -> {});
        }
        var feed = new EventFeed(secrets, List.copyOf(secretIds), event -> {
            if (restarts(event)) {
                signals.add(new Changed());
                return;
            }
            String notice = notice(event);
            if (notice != null) {
                err().println(notice);
                err().flush();
            }
        }, () -> signals.add(new Changed()), warning -> {
            err().println("warning: " + warning);
            err().flush();
        });
        return Thread.ofVirtual().name("arca-run-watch").start(() -> {
            try {
                feed.run();
                signals.add(new FeedEnded(Thread.currentThread()));
            } catch (InterruptedException e) {
                // Stopped: the program ended or the watched secrets changed.
            } catch (RuntimeException e) {
                err().println("warning: cannot watch the secrets (" + e.getMessage() + ")");
                err().flush();
                signals.add(new FeedEnded(Thread.currentThread()));
            }
        });
    }

    /**
     * Whether an event may change what the program was given, so the secrets are gathered again (and the program
     * restarted if they differ): a change, a rotation's new version, a deletion, a value that could not be served.
     * The rotation notices change nothing, and access_denied ends that secret's events.
     */
    static boolean restarts(WatchEvent event) {
        return switch (event.type()) {
            case WatchEvent.ROTATION_DUE, WatchEvent.ROTATION_FAILED, WatchEvent.ACCESS_DENIED -> false;
            default -> true;
        };
    }

    /** The one line a rotation notice gets on stderr (the program keeps running as it is); null for other events. */
    static @Nullable String notice(WatchEvent event) {
        String secret = event.path() != null ? event.path() : event.secretId();
        Rotation.Notice rotation = event.rotation();
        String policy = rotation == null ? "" : " (policy " + rotation.policy()
                + (rotation.runId() == null ? "" : ", run " + rotation.runId()) + ")";
        return switch (event.type()) {
            case WatchEvent.ROTATION_DUE -> "arca run: " + secret + " is due for rotation"
                    + (rotation == null || rotation.dueAt() == null ? "" : " at " + Table.show(rotation.dueAt())) + policy;
            case WatchEvent.ROTATION_FAILED -> "arca run: the rotation of " + secret + " failed" + policy
                    + (rotation == null || rotation.error() == null ? "" : ": " + rotation.error())
                    + "; the program keeps the current value";
            default -> null;
        };
    }

    private ChildProcess start(Map<String, String> environment) {
        boolean inheritIo = context().ownsProcessIo();
        var child = ChildProcess.start(command, environment, inheritIo, out(), err());
        if (inheritIo && running.getAndSet(child) == null) {
            // SIGTERM to arca (docker stop, systemd) reaches the program too, with the same grace.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    // set before this hook was added, and only ever replaced
                    Objects.requireNonNull(running.get(), "running").stop(STOP_GRACE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "arca-run-stop"));
        }
        return child;
    }

    private ChildProcess start(Map<String, String> variables, BlockingQueue<Signal> signals) {
        var child = start(variables);
        child.onExit(() -> signals.add(new ChildEnded(child)));
        return child;
    }

    /**
     * The program's environment (see {@link ChildEnvironment}): arca's own, the project's export, then the env
     * file's lines; with {@code ids}, the secrets behind them.
     */
    Environment gather(SecretOperations secrets, @Nullable EnvFile template, boolean ids, Set<String> warned) {
        var offered = new ArrayList<ChildEnvironment.Offered>();
        List<Export.Collision> collisions = List.of();
        var secretIds = new TreeSet<String>();
        // a template alone says exactly what the program gets; otherwise export the project, or everything
        if (project != null || template == null) {
            var export = project == null ? secrets.export() : secrets.export(project);
            collisions = export.collisions();
            var origins = new ExportOrigins(secrets, project);
            export.variables().forEach((name, value) -> offered.add(
                    new ChildEnvironment.Offered(name, value.reveal(), () -> origins.of(name))));
            if (ids) {
                for (Secret.Item item : secrets.listAll(listQuery())) {
                    secretIds.add(item.id());
                }
            }
        }
        if (template != null) {
            var resolved = template.variables(resolve(secrets, template.references()));
            var lines = new LinkedHashMap<String, EnvFile.Entry>();
            template.entries().forEach(entry -> lines.put(entry.name(), entry)); // the last line of a name wins
            // variables(…) has a value for the name of every line
            lines.forEach((name, entry) -> offered.add(new ChildEnvironment.Offered(name,
                    Objects.requireNonNull(resolved.get(name), name), () -> envFile + " line " + entry.line())));
            if (ids) {
                template.references().forEach(reference -> secretIds.add(secretIdOf(secrets, reference)));
            }
        }
        var variables = ChildEnvironment.build(context().environment(), offered, collisions,
                new ChildEnvironment.Rules(allowedNames, allowCollisions), warning -> {
                    if (warned.add(warning)) {
                        err().println("warning: " + warning);
                        err().flush();
                    }
                });
        return new Environment(variables, secretIds);
    }

    private ListQuery listQuery() {
        return project == null ? ListQuery.all() : ListQuery.all().project(project);
    }

    /** Which secret each exported variable came from, found by listing the project only when a message needs it. */
    private final class ExportOrigins {
        private final SecretOperations secrets;
        private final String exported;
        private @Nullable Map<String, String> paths;

        ExportOrigins(SecretOperations secrets, String exported) {
            this.secrets = secrets;
            this.exported = exported;
        }

        String of(String variable) {
            if (paths == null) {
                paths = load();
            }
            String path = paths.get(variable);
            return path != null ? "secret " + path : exported == null ? "the export" : "project " + exported;
        }

        /** The export's naming (EnvNames, the path after its project) applied to the listed secrets. */
        private Map<String, String> load() {
            var found = new HashMap<String, String>();
            try {
                for (Secret.Item item : secrets.listAll(listQuery())) {
                    if (TransitKey.TYPE.equals(item.type())) {
                        continue;
                    }
                    String name = item.path().substring(item.path().indexOf('/') + 1);
                    if (item.fieldNames() == null) {
                        found.putIfAbsent(EnvNames.of(name), item.path());
                    } else {
                        item.fieldNames().forEach(field -> found.putIfAbsent(EnvNames.of(name + "/" + field),
                                item.path() + " field " + field));
                    }
                }
            } catch (ArcaException e) {
                // Only a message is at stake: name the project instead of the secret.
            }
            return found;
        }
    }

    private Map<String, String> resolve(SecretOperations secrets, List<String> references) {
        var values = new HashMap<String, String>();
        for (int from = 0; from < references.size(); from += RESOLVE_BATCH) {
            var result = secrets.resolveAll(references.subList(from, Math.min(references.size(), from + RESOLVE_BATCH)));
            if (!result.errors().isEmpty()) {
                var first = result.errors().entrySet().iterator().next();
                throw new CommandFailure("cannot resolve " + first.getKey() + " in " + envFile + ": "
                        + first.getValue().message() + " (" + first.getValue().code() + ")"
                        + (result.errors().size() > 1 ? " and " + (result.errors().size() - 1) + " more" : ""));
            }
            values.putAll(SecretText.revealAll(result.values()));
        }
        return values;
    }

    private static String secretIdOf(SecretOperations secrets, String reference) {
        var notation = Notation.parse(reference);
        String secretId = notation.secretId();
        return secretId != null ? secretId // a reference names an id or a path
                : secrets.metadata(Objects.requireNonNull(notation.path(), "path")).id();
    }

    private static EnvFile readTemplate(Path file) {
        try {
            return EnvFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
