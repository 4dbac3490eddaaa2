package dev.arca.sdk;

import dev.arca.api.Machine;
import dev.arca.api.SecretText;
import java.net.URI;
import java.security.KeyPair;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Joining a vault as a machine: make an Ed25519 key pair in memory, present an enrollment token and the public key
 * to {@code POST /v1/enroll}, then keep the private key with {@link MachineIdentity#save}. The private key is
 * never sent.
 */
public final class Enrollment {
    private Enrollment() {}

    /**
     * What enrollment gave: the server's answer, the key pair (the private key exists nowhere else yet) and the
     * server's address.
     */
    public record Enrolled(Machine.Enrolled machine, KeyPair keyPair, URI address) {
        public Enrolled {
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(keyPair, "keyPair");
            Objects.requireNonNull(address, "address");
        }

        /** Whether the machine waits for an admin's {@code arca machine approve}. */
        public boolean pending() {
            return "pending".equals(machine.status());
        }

        @Override
        public String toString() {
            return "Enrollment.Enrolled[machine=" + machine + ", address=" + address + ", key=<redacted>]";
        }
    }

    /**
     * Enrolls with the server at {@code address} ({@code POST /v1/enroll}).
     *
     * @param vault the vault's name or {@code vault_…} id
     * @param enrollmentToken the {@code arcae_…} token an admin made with {@code arca machine token create}
     * @param name the name asked for; null lets the server choose (a token's name pattern overrides it)
     * @param hostname this host's name, checked against the token's hostname pattern; may be null
     */
    public static Enrolled enroll(URI address, String vault, String enrollmentToken, @Nullable String name,
            @Nullable String hostname) {
        try (var client = ArcaClient.builder().address(address).build()) {
            return enroll(client, vault, enrollmentToken, name, hostname);
        }
    }

    /** Like {@link #enroll(URI, String, String, String, String)} through an existing client (its address). */
    public static Enrolled enroll(ArcaClient client, String vault, String enrollmentToken, @Nullable String name,
            @Nullable String hostname) {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(enrollmentToken, "enrollmentToken");
        KeyPair keyPair = Ed25519Keys.generate();
        var answer = client.machines().enroll(new Machine.Enroll(vault, SecretText.of(enrollmentToken),
                Ed25519Keys.rawPublicKeyBase64(keyPair.getPublic()), name, hostname));
        return new Enrolled(answer, keyPair, client.address());
    }
}
