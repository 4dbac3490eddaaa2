package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.Pki;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code arca pki crl show|rotate|config} and {@code arca pki ca}: what the vault publishes without authentication
 * (the CA certificates and CRLs, DER or PEM), and how its CRLs are built.
 */
@Command(name = "crl", description = "Show the CRL, build it now, or configure how it is built.",
        subcommands = {PkiCrlCommand.Show.class, PkiCrlCommand.Rotate.class, PkiCrlCommand.Config.class})
final class PkiCrlCommand {
    @Mixin
    HelpOption help;

    /** A published file, PEM or DER: printed (PEM only) or written to {@code --out}. */
    abstract static class Published extends PkiCommand.PkiSubcommand {
        @Option(names = "--issuer", paramLabel = "ISSUER", description = "An issuer's name or id (default: the "
                + "vault's default issuer).")
        String issuer;

        @Option(names = "--der", description = "DER instead of PEM; needs --out.")
        boolean der;

        @Option(names = "--out", paramLabel = "FILE", description = "Write it to FILE instead of printing it.")
        String outFile;

        /** Refuses DER to a terminal before anything is sent. */
        final void checkOptions() {
            if (der && outFile == null) {
                throw usage("--der writes binary: give --out FILE");
            }
        }

        /** Writes or prints what was fetched; JSON says which, with the PEM text when printed. */
        final void deliver(@Nullable String pem, byte @Nullable [] derBytes, String what) {
            if (outFile != null) {
                byte[] bytes = derBytes != null ? derBytes
                        : Objects.requireNonNull(pem, "pem").getBytes(StandardCharsets.US_ASCII);
                PkiFiles.writePublic(outFile, bytes);
                Map<String, Object> written = new LinkedHashMap<>();
                written.put("out", outFile);
                written.put("bytes", bytes.length);
                format.print(out(), written, human -> human.println("Wrote " + what + " to " + outFile));
            } else if (pem != null) {
                format.print(out(), Map.of("pem", pem), human -> PkiViews.pem(human, pem));
            }
        }
    }

    @Command(name = "show", description = "Print the latest full CRL (or --delta), PEM, as served without "
            + "authentication; --der --out FILE for DER.")
    static final class Show extends Published {
        @Option(names = "--delta", description = "The delta CRL: revocations since the last full one.")
        boolean delta;

        @Override
        int run(ArcaClient client) {
            checkOptions();
            var pki = pki(client);
            String what = delta ? "the delta CRL" : "the CRL";
            if (der) {
                deliver(null, pki.crlDer(issuer, delta), what);
            } else {
                deliver(pki.crlPem(issuer, delta), null, what);
            }
            return 0;
        }
    }

    @Command(name = "ca", description = "Print the (default) issuer's CA certificate, or --chain its chain, as "
            + "served without authentication.")
    static final class Ca extends Published {
        @Option(names = "--chain", description = "The issuer's certificate then its parents' up to the root (PEM).")
        boolean chain;

        @Override
        int run(ArcaClient client) {
            checkOptions();
            if (chain && der) {
                throw usage("--chain is PEM only; leave out --der");
            }
            var pki = pki(client);
            if (chain) {
                deliver(pki.caChainPem(issuer), null, "the CA chain");
            } else if (der) {
                deliver(null, pki.caDer(issuer), "the CA certificate");
            } else {
                deliver(pki.caPem(issuer), null, "the CA certificate");
            }
            return 0;
        }
    }

    @Command(name = "rotate", description = "Build the full CRL of every issuer now (CRLs are also rebuilt on a "
            + "schedule, never on each revocation).")
    static final class Rotate extends PkiCommand.PkiSubcommand {
        @Override
        int run(ArcaClient client) {
            List<Pki.CrlBuilt> built = pki(client).rotateCrl();
            format.print(out(), built, out -> print(out, built));
            return 0;
        }

        private static void print(PrintWriter out, List<Pki.CrlBuilt> built) {
            var table = new Table("ISSUER", "NUMBER", "DELTA", "ENTRIES", "THIS UPDATE", "NEXT UPDATE");
            built.forEach(crl -> table.row(crl.issuerId(), crl.number(), PkiViews.yesNo(crl.delta()), crl.entries(),
                    crl.thisUpdate(), crl.nextUpdate()));
            table.print(out);
        }
    }

    @Command(name = "config", description = "Show how CRLs are built; with an option, change it.")
    static final class Config extends PkiCommand.PkiSubcommand {
        @Option(names = "--expiry", paramLabel = "DURATION", description = "How long a full CRL is valid (default "
                + "72h).")
        String expiry;

        @Option(names = "--delta-interval", paramLabel = "DURATION", description = "How often a delta CRL is built "
                + "(default 15m).")
        String deltaInterval;

        @Option(names = "--disabled", negatable = true, description = "Stop (or, with --no-disabled, resume) "
                + "building CRLs.")
        Boolean disabled;

        @Override
        int run(ArcaClient client) {
            var expiryDuration = duration("--expiry", expiry);
            var deltaDuration = duration("--delta-interval", deltaInterval);
            var pki = pki(client);
            Pki.CrlConfig config;
            if (expiryDuration == null && deltaDuration == null && disabled == null) {
                config = pki.crlConfig();
            } else {
                config = pki.updateCrlConfig(new Pki.CrlConfigWrite(
                        expiryDuration == null ? null : Durations.format(expiryDuration),
                        deltaDuration == null ? null : Durations.format(deltaDuration), disabled));
            }
            format.print(out(), config, out -> new Table().row("EXPIRY", config.expiry())
                    .row("DELTA INTERVAL", config.deltaInterval()).row("DISABLED", PkiViews.yesNo(config.disabled()))
                    .print(out));
            return 0;
        }
    }
}
