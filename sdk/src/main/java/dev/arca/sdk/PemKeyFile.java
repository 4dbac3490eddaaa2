package dev.arca.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Private and public keys in PEM files, the format {@code openssl} reads and writes: {@code PRIVATE KEY}
 * (PKCS#8), {@code ENCRYPTED PRIVATE KEY} (PKCS#8 under PBES2 = PBKDF2-HMAC-SHA256 + AES-256-CBC, what
 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} makes) and {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo).
 * Every failure is a {@link ConfigurationException} that names the file and what to do; none quotes its content.
 */
public final class PemKeyFile {
    /** The JCA name of PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC. */
    private static final String PBES2_CIPHER = "PBEWithHmacSHA256AndAES_256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    private static final int PBKDF2_ITERATIONS = 600_000;
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private PemKeyFile() {}

    /**
     * Reads a private key (Ed25519, EC or RSA).
     *
     * @param passphrase for an {@code ENCRYPTED PRIVATE KEY}; ignored (may be null) for a plain one
     * @throws ConfigurationException if the file is missing, not a PEM private key, encrypted without a passphrase
     *         or the passphrase is wrong
     */
    public static PrivateKey readPrivateKey(Path file, char @Nullable [] passphrase) {
        Block block = read(file);
        byte[] pkcs8 = switch (block.type) {
            case "PRIVATE KEY" -> block.der;
            case "ENCRYPTED PRIVATE KEY" -> decrypt(file, block.der, passphrase);
            default -> throw new ConfigurationException(file + " holds a " + block.type + ", not a PKCS#8 PRIVATE KEY"
                    + " (convert it with: openssl pkcs8 -topk8 -in " + file + ")");
        };
        try {
            return privateKey(pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Parses an unencrypted PKCS#8 private key given as PEM text ({@code -----BEGIN PRIVATE KEY-----}), e.g. from
     * an environment variable or a secret store.
     *
     * @param what names the key in an error ("the client key")
     * @throws ConfigurationException if the text is not such a PEM block; the message never quotes the text
     */
    public static PrivateKey parsePrivateKey(String pem, String what) {
        Block block = parse(pem, what);
        if (!block.type.equals("PRIVATE KEY")) {
            throw new ConfigurationException(what + " is a " + block.type + ", not an unencrypted PKCS#8 PRIVATE KEY"
                    + " (convert it with: openssl pkcs8 -topk8 -nocrypt)");
        }
        try {
            return privateKey(block.der);
        } finally {
            Arrays.fill(block.der, (byte) 0);
        }
    }

    /**
     * Writes a private key as PKCS#8 PEM with file mode 0600 (directories 0700), replacing the file atomically.
     *
     * @param passphrase null writes {@code PRIVATE KEY}; otherwise {@code ENCRYPTED PRIVATE KEY} under PBES2
     */
    public static void writePrivateKey(Path file, PrivateKey key, char @Nullable [] passphrase) {
        byte[] pkcs8 = key.getEncoded();
        try {
            String pem = passphrase == null ? pem("PRIVATE KEY", pkcs8) : pem("ENCRYPTED PRIVATE KEY", encrypt(pkcs8, passphrase));
            PrivateFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ConfigurationException("cannot write the private key file " + file + ": " + e.getClass().getSimpleName()
                    + "; check that its directory is writable");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** Reads a {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) of any type the JDK knows (Ed25519, EC, RSA). */
    public static PublicKey readPublicKey(Path file) {
        Block block = read(file);
        if (!block.type.equals("PUBLIC KEY")) {
            throw new ConfigurationException(file + " holds a " + block.type + ", not a PUBLIC KEY");
        }
        for (String algorithm : new String[] {"Ed25519", "EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.der));
            } catch (GeneralSecurityException notThisType) {
                // try the next one
            }
        }
        throw new ConfigurationException(file + " holds a public key of a type Arca does not use (Ed25519, EC or RSA)");
    }

    private record Block(String type, byte[] der) {}

    private static Block read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("the key file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the key file " + file + ": " + e.getClass().getSimpleName()
                    + "; check its permissions");
        }
        return parse(text, file.toString());
    }

    private static Block parse(String text, String what) {
        Matcher matcher = PEM.matcher(text);
        if (!matcher.find()) {
            throw new ConfigurationException(what + " is not PEM (-----BEGIN …----- … -----END …-----)");
        }
        try {
            return new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(what + " has a PEM block that is not valid base64");
        }
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        for (String algorithm : new String[] {"Ed25519", "EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisType) {
                // try the next one
            }
        }
        throw new ConfigurationException("the private key is not Ed25519, EC or RSA, or is damaged");
    }

    private static byte[] encrypt(byte[] pkcs8, char[] passphrase) {
        var random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        var keySpec = new PBEKeySpec(passphrase);
        try {
            var key = SecretKeyFactory.getInstance(PBES2_CIPHER).generateSecret(keySpec);
            var cipher = Cipher.getInstance(PBES2_CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key, new PBEParameterSpec(salt, PBKDF2_ITERATIONS, new IvParameterSpec(iv)));
            byte[] encrypted = cipher.doFinal(pkcs8);
            // Java 17's EncryptedPrivateKeyInfo does not know the cipher's name as an algorithm id, but does know
            // "PBES2", whose parameters carry the same PBKDF2 + AES choice.
            var parameters = AlgorithmParameters.getInstance("PBES2");
            parameters.init(cipher.getParameters().getEncoded());
            return new EncryptedPrivateKeyInfo(parameters, encrypted).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException("this Java runtime cannot encrypt a key with " + PBES2_CIPHER + ": "
                    + e.getClass().getSimpleName() + "; write the key without a passphrase");
        } finally {
            keySpec.clearPassword();
        }
    }

    private static byte[] decrypt(Path file, byte[] der, char @Nullable [] passphrase) {
        if (passphrase == null) {
            throw new ConfigurationException(file + " is encrypted: give its passphrase (--passphrase-file or"
                    + " ARCA_PASSPHRASE_FILE)");
        }
        var keySpec = new PBEKeySpec(passphrase);
        EncryptedPrivateKeyInfo info;
        String cipherName;
        PBEParameterSpec parameters;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            // Java 17 names the algorithm "PBES2"; its parameters name the concrete cipher (PBEWith<PRF>And<AES>).
            cipherName = info.getAlgParameters() == null ? info.getAlgName() : info.getAlgParameters().toString();
            parameters = info.getAlgParameters().getParameterSpec(PBEParameterSpec.class);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            keySpec.clearPassword();
            throw new ConfigurationException(file + " is not an encrypted PKCS#8 key Arca can read (PBES2 with"
                    + " PBKDF2 and AES is needed: openssl pkcs8 -topk8 -v2 aes-256-cbc)");
        }
        try {
            var key = SecretKeyFactory.getInstance(cipherName).generateSecret(keySpec);
            var cipher = Cipher.getInstance(cipherName);
            cipher.init(Cipher.DECRYPT_MODE, key, parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ConfigurationException(file + " is encrypted with " + cipherName + ", which this Java runtime"
                    + " cannot decrypt; re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc");
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("wrong passphrase for " + file + " (or the file is damaged)");
        } finally {
            keySpec.clearPassword();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
