package dev.arca.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} on every command. A mixin rather than one inherited option, because {@code arca server}
 * declares its own help options and picocli refuses an inherited duplicate.
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean requested;
}
