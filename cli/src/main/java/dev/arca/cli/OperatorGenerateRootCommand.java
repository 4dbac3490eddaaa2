package dev.arca.cli;

import dev.arca.api.GenerateRoot;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca operator generate-root}: a new root token from a quorum of unseal keys, as {@code vault operator
 * generate-root} does, for when every root token was revoked. {@code --init} makes a one-time pad here, starts the
 * attempt and prints both; each key holder gives a key with {@code --nonce}; the last answer is the token XOR the pad,
 * which {@code --decode ENCODED --otp PAD} turns back into the token where the pad was kept. No token needed.
 */
@Command(name = "generate-root", description = "Make a new root token from a quorum of unseal keys (no token "
        + "needed): --init, then each key holder gives a key with --nonce, then --decode with the pad.")
final class OperatorGenerateRootCommand extends ClientCommand {
    /** What this run does. */
    static final class Action {
        @Option(names = "--init", description = "Make a one-time pad, start an attempt, print its nonce and the pad.")
        boolean init;

        @Option(names = "--status", description = "Show the attempt in progress.")
        boolean status;

        @Option(names = "--cancel", description = "Cancel the attempt in progress.")
        boolean cancel;

        @Option(names = "--nonce", paramLabel = "NONCE", description = "Give one unseal key to this attempt.")
        String nonce;

        @Option(names = "--decode", paramLabel = "ENCODED", description = "Decode the token the last key answered "
                + "(with --otp); nothing is sent to the server.")
        String decode;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Option(names = "--otp", paramLabel = "PAD", description = "With --decode: the one-time pad --init printed.")
    String otp;

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "With --nonce: an unseal key; omitted: read from the "
            + "terminal without echo, or from stdin.")
    String key;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) throws IOException {
        if (action.decode != null) {
            return decode();
        }
        if (otp != null) {
            throw new CommandFailure("--otp goes with --decode");
        }
        GenerateRoot.Status status;
        String pad = null;
        if (action.init) {
            byte[] random = new byte[GenerateRoot.OTP_BYTES];
            new SecureRandom().nextBytes(random);
            pad = Base64.getEncoder().encodeToString(random);
            status = client.sys().generateRootStart(pad);
        } else if (action.status) {
            status = client.sys().generateRootStatus();
        } else if (action.cancel) {
            status = client.sys().generateRootCancel();
        } else {
            status = client.sys().generateRootUpdate(key != null ? key : OperatorCommand.readUnsealKey(context()),
                    action.nonce);
        }
        String shownPad = pad;
        format.print(out(), status, text -> print(text, status, shownPad));
        return 0;
    }

    private int decode() {
        if (otp == null) {
            throw new CommandFailure("--decode needs --otp, the one-time pad arca operator generate-root --init printed");
        }
        try {
            out().println(GenerateRoot.decode(action.decode, otp).reveal());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("cannot decode: " + e.getMessage());
        }
        return 0;
    }

    private static void print(PrintWriter out, GenerateRoot.Status status, @Nullable String pad) {
        if (status.complete()) {
            String encoded = SecretText.revealOrNull(status.encodedToken());
            out.println("Encoded root token: " + encoded);
            out.println("Decode it where the one-time pad is kept: arca operator generate-root --decode " + encoded
                    + " --otp <PAD>");
            return;
        }
        if (!status.started()) {
            out.println("No root token generation is in progress.");
            return;
        }
        var table = new Table().row("nonce", status.nonce()).row("progress", status.progress() + "/" + status.required());
        if (pad != null) {
            table.row("otp", pad);
        }
        table.print(out);
        if (pad != null) {
            out.println("Keep the one-time pad: it alone decodes the token. Each key holder now runs: "
                    + "arca operator generate-root --nonce " + status.nonce());
        }
    }
}
