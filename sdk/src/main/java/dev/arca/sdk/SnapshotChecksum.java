package dev.arca.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Checks a saved snapshot as a restore will: the gzip stream is whole and the SHA-256 of every line before the last
 * one is the one that last line, the trailer, gives. A save the server could not finish (its answer ends without the
 * trailer) is found here, before the file is kept.
 */
final class SnapshotChecksum {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotChecksum() {}

    /** The snapshot's SHA-256 (hex), once checked. */
    static String verify(Path file) {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            var line = new ByteArrayOutputStream();
            byte[] last = new byte[0];
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    digest.update(last);
                    last = line.toByteArray();
                    line.reset();
                }
            }
            if (line.size() > 0 || last.length == 0) {
                throw incomplete(file, "its last line is cut short");
            }
            JsonNode trailer = JSON.readTree(last);
            String sha = HexFormat.of().formatHex(digest.digest());
            if (!"trailer".equals(trailer.path("type").asText()) || !sha.equals(trailer.path("sha256").asText())) {
                throw incomplete(file, "it has no trailer with its SHA-256, or the SHA-256 differs");
            }
            return sha;
        } catch (IOException e) {
            throw incomplete(file, "it is not a whole gzip stream (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ArcaException incomplete(Path file, String why) {
        return new ArcaException("the snapshot saved to " + file + " is not complete: " + why + "; the server's log "
                + "says why it stopped. Save it again");
    }
}
