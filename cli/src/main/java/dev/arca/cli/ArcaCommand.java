package dev.arca.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code arca} command. {@code arca server} runs the server; every other subcommand is a client of the HTTP API
 * through the SDK.
 * {@link #run(String[], InputStream, PrintWriter, PrintWriter, Map)} runs a command in-process with its own
 * environment, which is what the tests do.
 */
@Command(name = "arca", description = "Arca, a self-hosted secrets vault.",
        subcommands = {OperatorCommand.class, VaultCommand.class, ProjectCommand.class, SecretCommand.class,
                TokenCommand.class, PolicyCommand.class, MachineCommand.class, ApiClientCommand.class,
                AgentCommand.class, UserCommand.class, GroupCommand.class, LoginCommand.class, AuditCommand.class,
                ExportCommand.class, RunCommand.class, UseCommand.class, TransitCommand.class,
                LeaseCommand.class, PkiCommand.class, DatabaseCommand.class, RotationCommand.class,
                AcmeCommand.class, ImportCommand.class, StatusCommand.class, VersionCommand.class,
                CompletionCommand.class})
public final class ArcaCommand {
    @Mixin
    HelpOption help;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final @Nullable Console console;
    private final boolean ownsProcessIo;

    private ArcaCommand(Map<String, String> env, InputStream stdin, @Nullable Console console, boolean ownsProcessIo) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.console = console;
        this.ownsProcessIo = ownsProcessIo;
    }

    /** Runs one command against the real terminal and environment, then exits with its exit code. */
    @SuppressWarnings("SystemConsoleNull") // isTerminal() is asked too: a console of JDK 22+ may be no terminal
    public static void main(String[] args) {
        var out = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
        var err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        var console = System.console();
        var command = new ArcaCommand(System.getenv(), System.in,
                console != null && console.isTerminal() ? console : null, true);
        System.exit(command.execute(args, out, err));
    }

    /** Runs one command with an empty stdin; returns the exit code (0 ok, 1 failed, 2 usage error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, InputStream.nullInputStream(), out, err, env);
    }

    /** Runs one command reading {@code stdin} where it reads input (never a terminal); returns the exit code. */
    public static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return new ArcaCommand(env, stdin, null, false).execute(args, out, err);
    }

    private int execute(String[] args, PrintWriter out, PrintWriter err) {
        // the server command first: the settings below reach only the subcommands already there
        var commandLine = new CommandLine(this).addSubcommand(new ServerCommand(env))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorReporter(debug()));
        // Everything after the program's name is the program's own: arca run sh -c 'echo $X' needs no --.
        Objects.requireNonNull(commandLine.getSubcommands().get("run"), "run").setStopAtPositional(true);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** A variable of the environment the command runs in ({@code ARCA_ADDR}…); an empty value counts as unset. */
    @Nullable String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The whole environment the command runs in: what {@code arca run} passes on to its program. */
    Map<String, String> environment() {
        return env;
    }

    /**
     * Whether this is the real {@code arca} process ({@link #main}), whose standard streams a child program may
     * share; false when run in-process, where output must go through the command's writers.
     */
    boolean ownsProcessIo() {
        return ownsProcessIo;
    }

    /** {@code $ARCA_HOME}, else {@code ~/.arca}: the token, machine identities and agent keys live there. */
    Path home() {
        String home = env("ARCA_HOME");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".arca");
    }

    InputStream stdin() {
        return stdin;
    }

    /** The interactive terminal, or null when input is piped (or in tests). */
    @Nullable Console console() {
        return console;
    }

    private boolean debug() {
        return "1".equals(env("ARCA_DEBUG"));
    }
}
