package dev.arca.cli;

import dev.arca.api.AuditVerification;
import dev.arca.sdk.ArcaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code arca audit …}: check the audit trail. */
@Command(name = "audit", description = "Check the audit trail.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @Mixin
    HelpOption help;

    @Command(name = "verify", description = "Check the hash chain of the server's audit file; exit 1 if it is broken.")
    static final class Verify extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            return report(client.sys().verifyAudit());
        }

        private int report(AuditVerification result) {
            format.print(out(), result, out -> out.println(result.intact()
                    ? "audit trail intact: " + result.entries() + " entries in " + result.file()
                    : "audit trail broken at line " + result.firstBadLine() + ": " + result.reason()));
            return result.intact() ? 0 : 1;
        }
    }
}
