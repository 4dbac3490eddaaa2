package dev.arca.cli;

import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.TransitOperations;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca transit …}: keys made inside the vault that encrypt and decrypt there; KEY is the key's secret path.
 */
@Command(name = "transit", description = "Encrypt and decrypt with keys that never leave the vault.",
        subcommands = {TransitCommand.Create.class, TransitCommand.Get.class, TransitCommand.Rotate.class,
                TransitCommand.Update.class, TransitCommand.Export.class, TransitCommand.Encrypt.class,
                TransitCommand.Decrypt.class, TransitCommand.Rewrap.class})
final class TransitCommand {
    @Mixin
    HelpOption help;

    /** A transit subcommand: a KEY argument and {@code --format}. */
    abstract static class KeyCommand extends ClientCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key's path, e.g. app/orders.")
        String key;

        @Mixin
        FormatOption format;

        final TransitOperations transit(ArcaClient client) {
            return client.transit().withVault(vault(client));
        }

        /** Prints a key's description (never its material) for people, or the wire JSON. */
        final void printKey(TransitKey described) {
            format.print(out(), described, out -> {
                new Table().row("PATH", described.path()).row("ID", described.id())
                        .row("ALGORITHM", described.algorithm()).row("EXPORTABLE", described.exportable())
                        .row("LATEST VERSION", described.latestVersion())
                        .row("MIN DECRYPTION VERSION", described.minDecryptionVersion())
                        .row("CREATED", described.createdAt()).print(out);
                if (described.versions() != null && !described.versions().isEmpty()) {
                    out.println();
                    var versions = new Table("VERSION", "CREATED");
                    described.versions().forEach(version -> versions.row(version.version(), version.createdAt()));
                    versions.print(out);
                }
            });
        }

        /** {@code --context} as bytes, or null. */
        static byte @Nullable [] context(@Nullable String context) {
            return context == null ? null : context.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Command(name = "create", description = "Create a transit key with its first version.")
    static final class Create extends KeyCommand {
        private static final Set<String> ALGORITHMS =
                Set.of(TransitOperations.AES256_GCM, TransitOperations.CHACHA20_POLY1305);

        @Option(names = "--algorithm", paramLabel = "ALG", description = "aes256-gcm (default) or chacha20-poly1305.")
        String algorithm;

        @Option(names = "--exportable", description = "Allow transit export of the key material, now and forever.")
        boolean exportable;

        @Override
        int run(ArcaClient client) {
            if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
                throw usage("--algorithm is aes256-gcm or chacha20-poly1305, not '" + algorithm + "'");
            }
            printKey(transit(client).create(key, algorithm, exportable));
            return 0;
        }
    }

    @Command(name = "get", description = "Describe a transit key and its versions (never its material).")
    static final class Get extends KeyCommand {
        @Override
        int run(ArcaClient client) {
            printKey(transit(client).get(key));
            return 0;
        }
    }

    @Command(name = "rotate", description = "Add a key version that encrypts from now on; older ciphertexts still "
            + "decrypt.")
    static final class Rotate extends KeyCommand {
        @Override
        int run(ArcaClient client) {
            printKey(transit(client).rotate(key));
            return 0;
        }
    }

    @Command(name = "update", description = "Set the oldest key version whose ciphertexts still decrypt.")
    static final class Update extends KeyCommand {
        @Option(names = "--min-decryption-version", required = true, paramLabel = "N", description = "1 to the "
                + "latest version; lowering it again restores older ciphertexts.")
        int minDecryptionVersion;

        @Override
        int run(ArcaClient client) {
            if (minDecryptionVersion < 1) {
                throw usage("--min-decryption-version must be 1 or more");
            }
            printKey(transit(client).setMinDecryptionVersion(key, minDecryptionVersion));
            return 0;
        }
    }

    @Command(name = "export", description = "Print the raw key of every version, base64 (keys created --exportable "
            + "only).")
    static final class Export extends KeyCommand {
        @Override
        int run(ArcaClient client) {
            var export = transit(client).export(key);
            format.print(out(), export, out -> {
                var table = new Table("VERSION", "KEY");
                export.keys().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(Export::version)))
                        .forEach(entry -> table.row(entry.getKey(), entry.getValue().reveal()));
                table.print(out);
            });
            return 0;
        }

        private static int version(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }
    }

    @Command(name = "encrypt", description = "Encrypt data with the key's latest version; prints the ciphertext "
            + "arca:v{N}:….")
    static final class Encrypt extends KeyCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        DataInput data;

        @Option(names = "--context", paramLabel = "TEXT", description = "Associated data that decrypting must repeat.")
        String context;

        @Override
        int run(ArcaClient client) {
            byte[] plaintext = data.bytes(context());
            Use.Ciphertext ciphertext = transit(client).encrypt(key, plaintext, context(context));
            format.print(out(), ciphertext, out -> out.println(ciphertext.ciphertext()));
            return 0;
        }
    }

    @Command(name = "decrypt", description = "Decrypt a ciphertext of this key; prints the plaintext as text, or "
            + "base64 with --base64.")
    static final class Decrypt extends KeyCommand {
        @Option(names = "--data", required = true, paramLabel = "CIPHERTEXT", description = "arca:v{N}:….")
        String ciphertext;

        @Option(names = "--context", paramLabel = "TEXT", description = "The context it was encrypted with.")
        String context;

        @Option(names = "--base64", description = "Print the plaintext as base64 (for binary data).")
        boolean base64;

        @Override
        int run(ArcaClient client) {
            byte[] plaintext = transit(client).decrypt(key, ciphertext, context(context));
            String shown = base64 ? Base64.getEncoder().encodeToString(plaintext) : text(plaintext);
            format.print(out(), Map.of("plaintext", shown), out -> out.println(shown));
            return 0;
        }

        private static String text(byte[] plaintext) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plaintext)).toString();
            } catch (CharacterCodingException e) {
                throw new CommandFailure("the plaintext is binary, not UTF-8 text: add --base64");
            }
        }
    }

    @Command(name = "rewrap", description = "Encrypt a ciphertext again under the key's latest version, without the "
            + "plaintext leaving the vault.")
    static final class Rewrap extends KeyCommand {
        @Option(names = "--data", required = true, paramLabel = "CIPHERTEXT", description = "arca:v{N}:….")
        String ciphertext;

        @Option(names = "--context", paramLabel = "TEXT", description = "The context it was encrypted with.")
        String context;

        @Override
        int run(ArcaClient client) {
            var rewrapped = transit(client).rewrap(key, ciphertext, context(context));
            format.print(out(), rewrapped, out -> out.println(rewrapped.ciphertext()));
            return 0;
        }
    }
}
