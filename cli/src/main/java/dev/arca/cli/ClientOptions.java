package dev.arca.cli;

import dev.arca.api.Vault;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.MachineIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the server is, who the caller is and which vault to work in; each option falls back to an environment
 * variable and then to a default (DESIGN §7). The caller is a machine when an identity is chosen
 * ({@code --identity} or {@code ARCA_IDENTITY}), else the holder of a token.
 */
final class ClientOptions {
    private static final Pattern VAULT_ID = Pattern.compile("[A-Za-z0-9_-]+");

    @Option(names = "--addr", paramLabel = "URL", description = "Server address (else ARCA_ADDR, else the "
            + "identity's api_url, else " + ArcaClient.DEFAULT_ADDRESS + ").")
    String address;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token (else ARCA_TOKEN, else the file $ARCA_HOME/token).")
    String token;

    @Option(names = "--vault", paramLabel = "VAULT", description = "Vault name or id (else ARCA_VAULT, else the "
            + "identity's vault, else the only vault, else the vault named default).")
    String vault;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "The passphrase of an encrypted "
            + "machine key (else ARCA_PASSPHRASE_FILE).")
    Path passphraseFile;

    @Option(names = "--ca-cert", paramLabel = "PEM", description = "Trust this CA's certificates for HTTPS instead of "
            + "the system's (else ARCA_CACERT): for a server whose certificate a private CA signed.")
    Path caCert;

    /**
     * A client for the chosen address and credential whose requests may take {@code timeout}; its vault is chosen by
     * {@link #vault(ArcaClient, ArcaCommand)}.
     */
    ArcaClient connect(ArcaCommand context, @Nullable String identityOption, java.time.Duration timeout) {
        String chosenAddress = address != null ? address : context.env("ARCA_ADDR");
        String identityChoice = identityOption != null ? identityOption : context.env("ARCA_IDENTITY");
        // An operator at a prompt wants the error now: a sealed server does not unseal itself within the SDK's backoff.
        // No cache: a command runs for moments, and `run`/`watch` must see a changed value at once.
        var builder = ArcaClient.builder().retries(0).cacheTtl(java.time.Duration.ZERO).timeout(timeout);
        String chosenCaCert = caCert != null ? caCert.toString() : context.env("ARCA_CACERT");
        if (chosenCaCert != null) {
            builder.trustCertificates(Path.of(chosenCaCert));
        }
        if (identityChoice != null) {
            if (token != null) {
                throw new CommandFailure("choose --token or --identity, not both");
            }
            var identity = MachineIdentity.load(identityFile(context, identityChoice), passphrase(context, passphraseFile));
            builder.identity(identity);
        } else {
            builder.token(token != null ? token : tokenFromEnvironment(context));
        }
        if (chosenAddress != null) {
            builder.address(chosenAddress);
        } else if (identityChoice == null) {
            builder.address(ArcaClient.DEFAULT_ADDRESS);
        }
        return builder.build();
    }

    /**
     * The vault to work in: the option, ARCA_VAULT, the identity's vault, the only vault, or the vault named
     * {@code default}.
     */
    String vault(ArcaClient client, ArcaCommand context) {
        String chosen = vault != null ? vault : context.env("ARCA_VAULT");
        if (chosen != null) {
            return chosen;
        }
        if (client.vault() != null) {
            return client.vault();
        }
        List<Vault> vaults = client.vaults().list().data();
        if (vaults.size() == 1) {
            return vaults.get(0).name();
        }
        if (vaults.stream().anyMatch(v -> v.name().equals("default"))) {
            return "default";
        }
        throw new CommandFailure(vaults.isEmpty() ? "no vault yet: create one with arca vault create NAME"
                : "several vaults: choose one with --vault or ARCA_VAULT");
    }

    /** The vault only if chosen explicitly (option or ARCA_VAULT); null otherwise. */
    @Nullable String explicitVault(ArcaCommand context) {
        return vault != null ? vault : context.env("ARCA_VAULT");
    }

    /** An existing file is an identity.json; a bare vault id names {@code $ARCA_HOME/vaults/<id>/identity.json}. */
    private static Path identityFile(ArcaCommand context, String choice) {
        Path asPath = Path.of(choice);
        if (Files.isRegularFile(asPath) || !VAULT_ID.matcher(choice).matches()) {
            return asPath;
        }
        return MachineIdentity.defaultFile(context.home(), choice);
    }

    /** The passphrase in {@code file} (else ARCA_PASSPHRASE_FILE), without its final line break; null for none. */
    static char @Nullable [] passphrase(ArcaCommand context, @Nullable Path file) {
        Path chosen = file != null ? file : context.env("ARCA_PASSPHRASE_FILE") == null ? null
                : Path.of(context.env("ARCA_PASSPHRASE_FILE"));
        if (chosen == null) {
            return null;
        }
        try {
            String text = Files.readString(chosen, StandardCharsets.UTF_8);
            text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (text.isEmpty()) {
                throw new CommandFailure("the passphrase file " + chosen + " is empty");
            }
            return text.toCharArray();
        } catch (IOException e) {
            throw new CommandFailure("cannot read the passphrase file " + chosen + ": " + e.getClass().getSimpleName());
        }
    }

    private static @Nullable String tokenFromEnvironment(ArcaCommand context) {
        String fromEnv = context.env("ARCA_TOKEN");
        if (fromEnv != null) {
            return fromEnv;
        }
        Path file = context.home().resolve("token");
        try {
            String fromFile = Files.readString(file, StandardCharsets.UTF_8).strip();
            return fromFile.isEmpty() ? null : fromFile;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CommandFailure("cannot read the token file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
