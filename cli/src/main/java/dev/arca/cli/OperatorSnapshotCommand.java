package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code arca operator snapshot save|restore FILE}: the whole database to a file and back, as
 * {@code vault operator raft snapshot save|restore} does. A save is taken while the server goes on serving; a restore
 * goes into a server that was never initialized and leaves it sealed, to be unsealed with the saved server's keys.
 * On a terminal both show how many bytes have gone; piped, they print only the outcome.
 */
@Command(name = "snapshot", description = "Save a snapshot of the server's whole database, or restore one into a "
        + "server that was never initialized.",
        subcommands = {OperatorSnapshotCommand.Save.class, OperatorSnapshotCommand.Restore.class})
final class OperatorSnapshotCommand {
    @Mixin
    HelpOption help;

    @Command(name = "save", description = "Save a consistent snapshot of the whole database to FILE (mode 0600; root "
            + "token). Encrypted values stay encrypted; writes go on meanwhile.")
    static final class Save extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "Where to write the snapshot (replaced once it is whole).")
        Path file;

        @Override
        int run(ArcaClient client) {
            var progress = new Progress(context(), err(), "received");
            String sha = client.sys().snapshotSave(file, progress);
            progress.done();
            out().println("Snapshot saved to " + file + " (" + Progress.size(sizeOf(file)) + ", sha256 " + sha + ")");
            return 0;
        }
    }

    @Command(name = "restore", description = "Restore the snapshot in FILE into this server, which must never have "
            + "been initialized; it stays sealed: unseal it with the saved server's unseal keys.")
    static final class Restore extends ClientCommand {
        @Parameters(paramLabel = "FILE", description = "A snapshot written by arca operator snapshot save.")
        Path file;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure("no snapshot file " + file);
            }
            var progress = new Progress(context(), err(), "sent");
            var restored = client.sys().snapshotRestore(file, progress);
            progress.done();
            format.print(out(), restored, out -> {
                long rows = restored.rows().values().stream().mapToLong(Long::longValue).sum();
                out.println("Restored " + rows + " rows of " + restored.rows().size() + " tables (saved by Arca "
                        + restored.savedBy() + " at " + Table.show(restored.savedAt()) + ", sha256 " + restored.sha256() + ")");
                if (restored.auditHead() != null) {
                    out.println("The saved server's audit trail ended at entry " + restored.auditHead().seq()
                            + "; this server's audit entry for the restore records it.");
                }
                out.println("The server is sealed: unseal it with the saved server's unseal keys (arca operator "
                        + "unseal).");
            });
            return 0;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Bytes so far, on a terminal only ({@link TerminalProgress}). */
    static final class Progress implements LongConsumer {
        private final TerminalProgress line;
        private final String verb;
        private long lastShown = -1;

        Progress(ArcaCommand context, PrintWriter err, String verb) {
            this.line = new TerminalProgress(context, err);
            this.verb = verb;
        }

        @Override
        public void accept(long bytes) {
            // redraw at most every 256 KiB
            if (bytes / (256 * 1024) != lastShown) {
                lastShown = bytes / (256 * 1024);
                line.show(verb + " " + size(bytes));
            }
        }

        void done() {
            line.done();
        }

        static String size(long bytes) {
            return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                    : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
    }
}
