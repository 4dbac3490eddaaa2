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

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token (else ARCA_TOKEN, else the file "
            + "$ARCA_HOME/token, else ARCA_CLIENT_ID and ARCA_CLIENT_SECRET, else the one identity under "
            + "$ARCA_HOME/vaults).")
    String token;

    @Option(names = "--vault", paramLabel = "VAULT", description = "Vault name or id (else ARCA_VAULT, else the "
            + "identity's or the token's vault, else the only vault, else the vault named default).")
    String vault;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "The passphrase of an encrypted "
            + "machine key (else ARCA_PASSPHRASE_FILE).")
    Path passphraseFile;

    /** What {@link #connect} chose to prove who the caller is: it decides where the vault comes from and the hints. */
    enum Credential {
        TOKEN,
        IDENTITY,
        CLIENT,
        NONE
    }

    private Credential chosenCredential = Credential.NONE;
    private @Nullable String machineId;

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
        if (identityChoice != null && token != null) {
            throw new CommandFailure("choose --token or --identity, not both");
        }
        String chosenToken = identityChoice != null ? null : token != null ? token : tokenFromEnvironment(context);
        String clientId = context.env("ARCA_CLIENT_ID");
        String clientSecret = context.env("ARCA_CLIENT_SECRET");
        Path identityFile = identityChoice != null ? identityFile(context, identityChoice)
                : chosenToken == null && clientId == null ? onlyIdentity(context) : null;
        if (identityFile != null) {
            var identity = MachineIdentity.load(identityFile, passphrase(context, passphraseFile));
            builder.identity(identity);
            machineId = identity.machineId();
            chosenCredential = Credential.IDENTITY;
        } else if (chosenToken != null) {
            builder.token(chosenToken);
            chosenCredential = Credential.TOKEN;
        } else if (clientId != null) {
            if (clientSecret == null) {
                throw new CommandFailure("ARCA_CLIENT_ID is set but ARCA_CLIENT_SECRET is not: a client needs both");
            }
            builder.clientCredentials(clientId, clientSecret);
            chosenCredential = Credential.CLIENT;
        }
        if (chosenAddress != null) {
            builder.address(chosenAddress);
        } else if (identityFile == null) {
            builder.address(ArcaClient.DEFAULT_ADDRESS);
        }
        return builder.build();
    }

    /** Which credential {@link #connect} chose (NONE before it ran, or when there was none). */
    Credential credential() {
        return chosenCredential;
    }

    /** The machine {@link #connect} acts as, when it chose an identity. */
    @Nullable String machineId() {
        return machineId;
    }

    /**
     * With no token and no identity chosen: the one machine identity enrolled under {@code $ARCA_HOME/vaults/}, if
     * there is exactly one (as an enrolled host has), else none.
     */
    private static @Nullable Path onlyIdentity(ArcaCommand context) {
        Path vaults = context.home().resolve("vaults");
        if (!Files.isDirectory(vaults)) {
            return null;
        }
        try (var dirs = Files.list(vaults)) {
            List<Path> identities = dirs.map(dir -> dir.resolve("identity.json")).filter(Files::isRegularFile)
                    .limit(2).toList();
            return identities.size() == 1 ? identities.getFirst() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The vault to work in: the option, ARCA_VAULT, the identity's vault, the token's own vault, the only vault, or
     * the vault named {@code default}.
     */
    String vault(ArcaClient client, ArcaCommand context) {
        String chosen = vault != null ? vault : context.env("ARCA_VAULT");
        if (chosen != null) {
            return chosen;
        }
        if (client.vault() != null) {
            return client.vault();
        }
        if (chosenCredential == Credential.TOKEN || chosenCredential == Credential.CLIENT) {
            // a token made in a vault (a login's, a client's, a machine's or an agent's) acts only there
            String tokenVault = client.tokens().lookupSelf().vaultId();
            if (tokenVault != null) {
                return tokenVault;
            }
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
