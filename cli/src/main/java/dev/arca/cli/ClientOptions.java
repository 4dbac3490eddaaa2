package dev.arca.cli;

import dev.arca.api.Vault;
import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the server is, who the caller is and which vault to work in; each option falls back to an environment
 * variable and then to a default (DESIGN §7).
 */
final class ClientOptions {
    @Option(names = "--addr", paramLabel = "URL", description = "Server address (else ARCA_ADDR, else "
            + ArcaClient.DEFAULT_ADDRESS + ").")
    String address;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token (else ARCA_TOKEN, else the file $ARCA_HOME/token).")
    String token;

    @Option(names = "--vault", paramLabel = "VAULT", description = "Vault name or id (else ARCA_VAULT, else the only "
            + "vault, else the vault named default).")
    String vault;

    /** A client for the chosen address and token; its vault is chosen separately by {@link #vault(ArcaClient, ArcaCommand)}. */
    ArcaClient connect(ArcaCommand context) {
        String chosenAddress = address != null ? address : context.env("ARCA_ADDR");
        return ArcaClient.builder()
                .address(chosenAddress != null ? chosenAddress : ArcaClient.DEFAULT_ADDRESS)
                .token(token != null ? token : tokenFromEnvironment(context))
                .build();
    }

    /** The vault to work in: the option, ARCA_VAULT, the only vault, or the vault named {@code default}. */
    String vault(ArcaClient client, ArcaCommand context) {
        String chosen = vault != null ? vault : context.env("ARCA_VAULT");
        if (chosen != null) {
            return chosen;
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

    private static String tokenFromEnvironment(ArcaCommand context) {
        String fromEnv = context.env("ARCA_TOKEN");
        if (fromEnv != null) {
            return fromEnv;
        }
        String home = context.env("ARCA_HOME");
        Path file = (home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".arca")).resolve("token");
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
