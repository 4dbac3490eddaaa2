package dev.arca.cli;

import dev.arca.api.Egress;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca secret egress PATH …}: where {@code arca use … http-request} may send the secret. */
@Command(name = "egress", description = "Show or set where the vault may send a secret for use … http-request. "
        + "Nothing is allowed until a rule says so; --allow replaces every rule (needs egress and read on the "
        + "secret, or admin).")
final class SecretEgressCommand extends ClientCommand {
    @Parameters(paramLabel = "PATH")
    String path;

    @Option(names = "--allow", paramLabel = "PATTERN", description = "scheme://host[:port][/path-prefix][*], e.g. "
            + "'https://api.example.com/v1/*'; repeat for more (at most 32).")
    List<String> allow;

    @Option(names = "--methods", paramLabel = "METHODS", split = ",", description = "The methods allowed to those "
            + "destinations, e.g. POST,GET.")
    List<String> methods;

    @Option(names = "--clear", description = "Remove every rule: the secret may be sent nowhere.")
    boolean clear;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) {
        Egress.Update update = update();
        var secrets = client.secrets().withVault(vault(client));
        Egress egress = update == null ? secrets.egress(path) : secrets.setEgress(path, update);
        format.print(out(), egress, out -> {
            if (egress.allow() == null || egress.allow().isEmpty()) {
                out.println("No egress rules: " + path + " may not be sent anywhere");
                return;
            }
            var table = new Table();
            egress.allow().forEach(pattern -> table.row("ALLOW", pattern));
            table.row("METHODS", String.join(",", egress.methods()));
            if (egress.updatedAt() != null) {
                table.row("UPDATED", Table.show(egress.updatedAt()) + " by " + egress.updatedBy());
            }
            table.print(out);
        });
        return 0;
    }

    /** The rules to write, or null to show them. */
    private Egress.@Nullable Update update() {
        if (clear) {
            if (allow != null || methods != null) {
                throw usage("--clear removes every rule: drop --allow and --methods");
            }
            return new Egress.Update(List.of(), List.of());
        }
        if (allow == null) {
            if (methods != null) {
                throw usage("--methods goes with --allow");
            }
            return null;
        }
        if (methods == null) {
            throw usage("name the methods allowed with --methods, e.g. --methods GET,POST");
        }
        return new Egress.Update(List.copyOf(allow),
                methods.stream().map(method -> method.strip().toUpperCase(Locale.ROOT)).toList());
    }
}
