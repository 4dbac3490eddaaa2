package dev.arca.bench.jmh;

import com.google.crypto.tink.subtle.Ed25519Verify;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying one machine signature (Ed25519 over the canonical request string of DESIGN §6) with each library the
 * server has: the JDK as the server calls it today (a new {@link Signature} per request), the JDK with a
 * {@link Signature} kept per thread, Bouncy Castle's {@link Ed25519Signer} over key parameters kept per machine, and
 * Tink's {@link Ed25519Verify} kept per machine. Before measuring, each one must accept the signature and reject a
 * changed message, a changed signature and the malleable form of the signature (S + L, RFC 8032 §5.1.7); a
 * verifier that does not is refused, so only a correct one can be the fastest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureVerifyBenchmark {
    /** The order of the Ed25519 base point. */
    private static final BigInteger L = BigInteger.TWO.pow(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    private byte[] message;
    private byte[] signature;
    private PublicKey jdkKey;
    private Signature jdkKept;
    private Ed25519PublicKeyParameters bcKey;
    private Ed25519Verify tink;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        message = ("GET\n/v1/vaults/bench/secrets/bench/s000042\n1767225600\nq2Vb0yq3mO1n8D5Zc4fEXw\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        signature = signer.sign();

        byte[] encoded = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        jdkKey = pair.getPublic();
        jdkKept = Signature.getInstance("Ed25519");
        bcKey = new Ed25519PublicKeyParameters(raw, 0);
        tink = new Ed25519Verify(raw);

        byte[] otherMessage = message.clone();
        otherMessage[0] ^= 1;
        byte[] otherSignature = signature.clone();
        otherSignature[10] ^= 1;
        byte[] malleable = plusL(signature);
        for (String verifier : new String[] {"jdk", "jdkKept", "bouncyCastle", "tink"}) {
            boolean correct = verify(verifier, message, signature) && !verify(verifier, otherMessage, signature)
                    && !verify(verifier, message, otherSignature) && !verify(verifier, message, malleable);
            if (!correct) {
                throw new IllegalStateException(verifier + " does not verify Ed25519 correctly");
            }
        }
    }

    @Benchmark
    public boolean jdk() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Benchmark
    public boolean jdkKept() throws GeneralSecurityException {
        jdkKept.initVerify(jdkKey);
        jdkKept.update(message);
        return jdkKept.verify(signature);
    }

    @Benchmark
    public boolean bouncyCastle() {
        var verifier = new Ed25519Signer();
        verifier.init(false, bcKey);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Benchmark
    public boolean tink() {
        try {
            tink.verify(signature, message);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean verify(String verifier, byte[] message, byte[] signature) throws GeneralSecurityException {
        byte[] savedMessage = this.message;
        byte[] savedSignature = this.signature;
        this.message = message;
        this.signature = signature;
        try {
            return switch (verifier) {
                case "jdk" -> jdk();
                case "jdkKept" -> jdkKept();
                case "bouncyCastle" -> bouncyCastle();
                default -> tink();
            };
        } catch (GeneralSecurityException e) {
            return false;
        } finally {
            this.message = savedMessage;
            this.signature = savedSignature;
        }
    }

    /** The same signature with S replaced by S + L: equal modulo L, so a lax verifier would accept it. */
    private static byte[] plusL(byte[] signature) {
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        reverse(s);
        byte[] sum = new BigInteger(1, s).add(L).toByteArray();
        byte[] little = new byte[32];
        for (int i = 0; i < Math.min(32, sum.length); i++) {
            little[i] = sum[sum.length - 1 - i];
        }
        byte[] result = signature.clone();
        System.arraycopy(little, 0, result, 32, 32);
        return result;
    }

    private static void reverse(byte[] bytes) {
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
    }
}
