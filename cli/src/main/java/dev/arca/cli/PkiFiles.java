package dev.arca.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of {@code arca pki}: PEM read from a file or stdin ({@code -}), certificates, chains and CRLs written as
 * any file, private keys written readable by their owner only ({@link OwnerOnlyFile}).
 */
final class PkiFiles {
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", Pattern.DOTALL);

    private PkiFiles() {}

    /** The text of {@code file}, or of stdin for {@code -}; {@code option} names it in an error. */
    static String read(ArcaCommand context, String option, String file) {
        try {
            byte[] bytes = file.equals(StdinValue.FROM_STDIN) ? context.stdin().readAllBytes()
                    : Files.readAllBytes(Path.of(file));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(option + ": no such file: " + file);
        } catch (IOException e) {
            throw new CommandFailure(option + ": cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Each certificate of a PEM bundle, in its order, as its own PEM text.
     *
     * @throws CommandFailure when it holds none
     */
    static List<String> certificates(String option, String file, String pem) {
        List<String> certificates = new ArrayList<>();
        Matcher matcher = CERTIFICATE.matcher(pem);
        while (matcher.find()) {
            certificates.add(matcher.group() + "\n");
        }
        if (certificates.isEmpty()) {
            throw new CommandFailure(option + ": " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** Several PEM texts as one bundle, each on lines of its own. */
    static String bundle(List<String> pems) {
        var bundle = new StringBuilder();
        pems.forEach(pem -> bundle.append(pem).append(pem.endsWith("\n") ? "" : "\n"));
        return bundle.toString();
    }

    /** Writes what anyone may read (a certificate, a chain, a CSR, a CRL), replacing the file. */
    static void writePublic(String file, byte[] content) {
        try {
            Files.write(Path.of(file), content);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** {@link #writePublic} of text. */
    static void writePublic(String file, String content) {
        writePublic(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a private key readable by its owner only (0600) from its first byte. */
    static void writePrivate(String file, String key) {
        OwnerOnlyFile.write(Path.of(file), key.getBytes(StandardCharsets.UTF_8));
    }
}
