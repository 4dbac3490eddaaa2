package dev.arca.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code arca} command. {@code arca server} runs the server; every other subcommand is a client of the HTTP API
 * through the SDK.
 * {@link #run(String[], InputStream, PrintWriter, PrintWriter, Map)} runs a command in-process with its own
 * environment, which is what the tests do.
 */
@Command(name = "arca", description = "Arca, a self-hosted secrets vault.")
public final class ArcaCommand {
    /** The top-level commands in the order help lists them; {@code server} follows, built with the environment. */
    private static final List<Class<?>> COMMANDS = List.of(OperatorCommand.class, VaultCommand.class,
            ProjectCommand.class, SecretCommand.class, TokenCommand.class, PolicyCommand.class, MachineCommand.class,
            ApiClientCommand.class, AgentCommand.class, UserCommand.class, GroupCommand.class, LoginCommand.class,
            AuditCommand.class, ExportCommand.class, RunCommand.class, UseCommand.class, TransitCommand.class,
            LeaseCommand.class, PkiCommand.class, DatabaseCommand.class, RotationCommand.class, AcmeCommand.class,
            ImportCommand.class, StatusCommand.class, VersionCommand.class, CompletionCommand.class);

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
        var commandLine = tree(args.length > 0 ? args[0] : "")
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

    /**
     * The command tree for a run of {@code chosen}: picocli builds a command from its annotations by reflection, which
     * for the whole tree (some ninety classes) is most of the CLI's start-up. So only the chosen top-level command is
     * built in full (all of them for {@code completion}, which prints the tree); the others are outlines, a name and
     * a description, enough for help and for "did you mean". Settings made on the result reach every command in it.
     */
    private CommandLine tree(String chosen) {
        boolean all = "completion".equals(chosen);
        var tree = new CommandLine(this);
        for (Class<?> type : COMMANDS) {
            Command command = Objects.requireNonNull(type.getAnnotation(Command.class), type.getName());
            tree.addSubcommand(command.name(), all || command.name().equals(chosen) ? type : outline(command));
        }
        Command server = Objects.requireNonNull(ServerCommand.class.getAnnotation(Command.class), "server");
        return tree.addSubcommand(server.name(),
                all || server.name().equals(chosen) ? new ServerCommand(env) : outline(server));
    }

    private static CommandLine outline(Command command) {
        var spec = CommandSpec.create().name(command.name());
        spec.usageMessage().description(command.description()).hidden(command.hidden());
        return new CommandLine(spec);
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
