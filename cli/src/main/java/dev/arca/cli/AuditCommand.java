package dev.arca.cli;

import dev.arca.api.AuditVerification;
import dev.arca.sdk.ArcaClient;
import dev.arca.server.audit.AuditVerifier;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code arca audit …}: check the audit trail. */
@Command(name = "audit", description = "Check the audit trail.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @Mixin
    HelpOption help;

    @Command(name = "verify", description = "Check the audit trail (hash chain; with the server also its MACs and "
            + "that it ends where the database says); exit 1 if it is broken.")
    static final class Verify extends ClientCommand {
        @Parameters(arity = "0..*", paramLabel = "FILE", description = "Audit files to check here, without a "
                + "server, as one chain across rotations (e.g. audit.log.2 audit.log.1 audit.log, any order); "
                + "omitted: the server checks its own.")
        List<Path> files = List.of();

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            return report(!files.isEmpty() ? verifyLocally() : client.sys().verifyAudit());
        }

        private AuditVerification verifyLocally() {
            try {
                return AuditVerifier.verify(files);
            } catch (UncheckedIOException e) {
                throw new CommandFailure(e.getMessage());
            }
        }

        private int report(AuditVerification result) {
            format.print(out(), result, out -> {
                out.println(result.intact() ? "audit trail intact: " + result.entries() + " entries in " + result.file()
                        : result.firstBadLine() != null
                                ? "audit trail broken at line " + result.firstBadLine() + ": " + result.reason()
                                : "audit trail broken: " + result.reason());
                result.notes().forEach(note -> out.println("note: " + note));
            });
            return result.intact() ? 0 : 1;
        }
    }
}
