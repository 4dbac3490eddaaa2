package dev.arca.bench.jmh;

import dev.arca.server.seal.Keyring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Decrypting a secret's value with its vault's key, as every read does ({@link Keyring#decrypt}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AeadDecryptBenchmark {
    /** A typical secret (200 bytes) and a large one (a certificate bundle). */
    @Param({"200", "16384"})
    public int bytes;

    private UnsealedDatabase store;
    private Keyring keyring;
    private byte[] ciphertext;
    private byte[] associatedData;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        store = new UnsealedDatabase();
        keyring = store.seal.keyring();
        byte[] plaintext = new byte[bytes];
        RandomGenerator.getDefault().nextBytes(plaintext);
        associatedData = "sk_0123456789:1".getBytes(StandardCharsets.UTF_8);
        ciphertext = keyring.encrypt(store.vaultId, plaintext, associatedData);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
    }

    @Benchmark
    public byte[] decrypt() {
        return keyring.decrypt(store.vaultId, ciphertext, associatedData);
    }
}
