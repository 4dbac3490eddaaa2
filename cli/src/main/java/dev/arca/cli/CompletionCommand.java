package dev.arca.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arca completion bash|zsh|fish}: a completion script for the shell, made from the command tree itself, so it
 * never lags behind the commands. Bash and zsh share picocli's script (it loads zsh's bash completion support);
 * fish gets {@code complete} lines for every command and option.
 */
@Command(name = "completion", description = "Print a shell completion script: arca completion bash > "
        + "/etc/bash_completion.d/arca; source <(arca completion zsh); arca completion fish > "
        + "~/.config/fish/completions/arca.fish")
final class CompletionCommand implements Callable<Integer> {
    enum Shell {
        BASH,
        ZSH,
        FISH
    }

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        if (shell == Shell.FISH) {
            out.println("# arca completion for fish: arca completion fish > ~/.config/fish/completions/arca.fish");
            fish(out, root.getCommandSpec(), "");
        } else {
            out.print(AutoComplete.bash("arca", root));
        }
        return 0;
    }

    /** {@code complete} lines for {@code command}'s subcommands and options; {@code path} is how fish sees it. */
    private static void fish(PrintWriter out, CommandSpec command, String path) {
        String seen = path.isEmpty() ? "__fish_use_subcommand" : path;
        for (var sub : command.subcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            out.println("complete -c arca -f -n '" + seen + "' -a " + sub.getKey() + " -d "
                    + quote(first(sub.getValue().getCommandSpec().usageMessage().description())));
        }
        for (OptionSpec option : command.options()) {
            if (option.hidden() || path.isEmpty()) {
                continue;
            }
            String longName = option.longestName().replaceFirst("^--", "");
            out.println("complete -c arca -n '" + seen + "' -l " + longName + (option.arity().max() > 0 ? " -r" : "")
                    + " -d " + quote(first(option.description())));
        }
        for (var sub : command.subcommands().entrySet()) {
            String condition = (path.isEmpty() ? "" : path + "; and ") + "__fish_seen_subcommand_from " + sub.getKey();
            fish(out, sub.getValue().getCommandSpec(), condition);
        }
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    private static String quote(String text) {
        String shortText = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return "'" + shortText.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
