package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineIdentityTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path home;

    private final KeyPair keys = Ed25519Keys.generate();

    private MachineIdentity save(char[] passphrase) {
        return MachineIdentity.save(home, new MachineIdentity.Stored("mach_1", "web-1", "vault_abc",
                "https://arca.example.com", MachineIdentity.KEY_FILE), keys.getPrivate(), passphrase);
    }

    private Path identityFile() {
        return home.resolve("vaults/vault_abc/identity.json");
    }

    /** The loaded key signs what the saved key pair's public half verifies. */
    private void assertSignsAsTheSavedKey(MachineIdentity identity) throws Exception {
        var headers = identity.signer().sign("GET", "/v1/x", null);
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(keys.getPublic());
        verifier.update(RequestSigner.canonical("GET", "/v1/x", headers.get("X-Timestamp"), headers.get("X-Nonce"), null)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(headers.get("X-Signature")))).isTrue();
    }

    @Test
    void saveThenLoad_roundTripsWithOwnerOnlyFiles() throws Exception {
        save(null);
        assertThat(MachineIdentity.defaultFile(home, "vault_abc")).isEqualTo(identityFile());
        assertThat(Files.getPosixFilePermissions(identityFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Path key = identityFile().resolveSibling("machine.key");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(identityFile().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(identityFile())).contains("\"machine_id\" : \"mach_1\"", "\"key_file\" : \"machine.key\"");

        var loaded = MachineIdentity.load(identityFile(), null);
        assertThat(loaded.machineId()).isEqualTo("mach_1");
        assertThat(loaded.machineName()).isEqualTo("web-1");
        assertThat(loaded.vaultId()).isEqualTo("vault_abc");
        assertThat(loaded.apiUrl()).hasToString("https://arca.example.com");
        assertThat(loaded.keyFile()).isEqualTo(key);
        assertSignsAsTheSavedKey(loaded);
    }

    @Test
    void encryptedKey_roundTripsWithItsPassphrase() throws Exception {
        save(PASSPHRASE.clone());
        String pem = Files.readString(identityFile().resolveSibling("machine.key"));
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        assertSignsAsTheSavedKey(MachineIdentity.load(identityFile(), PASSPHRASE.clone()));
    }

    @Test
    void wrongPassphrase_isConfigurationException() {
        save(PASSPHRASE.clone());
        assertThatThrownBy(() -> MachineIdentity.load(identityFile(), "wrong".toCharArray()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("wrong passphrase for ").hasMessageContaining("machine.key");
    }

    @Test
    void encryptedKeyWithoutPassphrase_saysHowToGiveOne() {
        save(PASSPHRASE.clone());
        assertThatThrownBy(() -> MachineIdentity.load(identityFile(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is encrypted").hasMessageContaining("--passphrase-file");
    }

    @Test
    void missingIdentity_saysToEnroll() {
        assertThatThrownBy(() -> MachineIdentity.load(identityFile(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(identityFile().toString()).hasMessageContaining("arca machine enroll");
    }

    @Test
    void damagedIdentity_namesTheFileWithoutQuotingIt() throws IOException {
        Files.createDirectories(identityFile().getParent());
        Files.writeString(identityFile(), "{\"machine_id\": \"mach_1\", oops s3cr3t");
        assertThatThrownBy(() -> MachineIdentity.load(identityFile(), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(identityFile().toString()).hasMessageNotContaining("s3cr3t");
    }

    @Test
    void missingKeyFile_namesIt() throws IOException {
        save(null);
        Files.delete(identityFile().resolveSibling("machine.key"));
        assertThatThrownBy(() -> MachineIdentity.load(identityFile(), null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("machine.key does not exist");
    }

    @Test
    void toString_showsNoKeyMaterial() throws IOException {
        var identity = save(null);
        String pem = Files.readString(identity.keyFile());
        String body = pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        assertThat(identity.toString()).contains("mach_1", "key=<redacted>").doesNotContain(body);
    }

    @Test
    void opensslEncryptedKey_isReadable() throws Exception {
        Path key = home.resolve("openssl.key");
        Process process;
        try {
            process = new ProcessBuilder("openssl", "genpkey", "-algorithm", "ed25519", "-aes-256-cbc",
                    "-pass", "pass:hunter2hunter2", "-out", key.toString()).redirectErrorStream(true).start();
        } catch (IOException noOpenssl) {
            assumeThat(false).as("openssl on PATH").isTrue();
            return;
        }
        assertThat(process.waitFor()).isZero();
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PemKeyFile.readPrivateKey(key, "hunter2hunter2".toCharArray()).getAlgorithm()).isIn("EdDSA", "Ed25519");
    }

    @Test
    void writtenEncryptedKey_isReadableByOpenssl() throws Exception {
        Path key = home.resolve("arca.key");
        PemKeyFile.writePrivateKey(key, keys.getPrivate(), "hunter2hunter2".toCharArray());
        Process process;
        try {
            process = new ProcessBuilder("openssl", "pkey", "-in", key.toString(), "-passin", "pass:hunter2hunter2",
                    "-pubout").redirectErrorStream(true).start();
        } catch (IOException noOpenssl) {
            assumeThat(false).as("openssl on PATH").isTrue();
            return;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor()).as(out).isZero();
        String expected = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPublic().getEncoded());
        assertThat(out).contains(expected);
    }

    @Test
    void rawPublicKey_isTheLast32BytesOfTheX509Encoding() {
        byte[] raw = Base64.getDecoder().decode(Ed25519Keys.rawPublicKeyBase64(keys.getPublic()));
        byte[] spki = keys.getPublic().getEncoded();
        assertThat(raw).hasSize(32).isEqualTo(java.util.Arrays.copyOfRange(spki, 12, 44));
    }
}
