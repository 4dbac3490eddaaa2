package dev.arca.server.seal;

import dev.arca.api.GenerateRoot;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code arca operator generate-root}: a new root token once the unseal threshold of unseal keys, given one call at a
 * time with the attempt's nonce, proves a quorum of key holders wants one. The token is answered only XOR-ed with the
 * starter's one-time pad ({@link GenerateRoot}). One attempt at a time on this node; its keys are kept apart from an
 * unseal's and a rekey's, and zeroed when it completes, fails or is cancelled.
 */
public final class RootGeneration {
    private static final Logger LOG = LoggerFactory.getLogger(RootGeneration.class);

    private record Attempt(String nonce, byte[] otp, ShareCollector given) {}

    private final SealService seal;
    private final Supplier<SecretText> newRootToken;
    private @Nullable Attempt attempt; // guarded by this

    /** @param newRootToken makes and stores a root token, answering its text */
    public RootGeneration(SealService seal, Supplier<SecretText> newRootToken) {
        this.seal = seal;
        this.newRootToken = newRootToken;
    }

    /** Starts an attempt; 409 while one is in progress, 400 for a pad that is not {@value GenerateRoot#OTP_BYTES} bytes. */
    public synchronized GenerateRoot.Status start(@Nullable String otp) {
        SealConfig current = seal.configOrThrow();
        byte[] pad = pad(otp);
        if (attempt != null) {
            Arrays.fill(pad, (byte) 0);
            throw ArcaException.conflict("a root token generation is already in progress (nonce " + attempt.nonce()
                    + "); finish it, or cancel it with arca operator generate-root --cancel");
        }
        attempt = new Attempt(Ids.newId("genroot_"), pad, new ShareCollector("generate-root"));
        LOG.warn("generate-root attempt {} started", attempt.nonce());
        return status(current);
    }

    public synchronized GenerateRoot.Status status() {
        return status(seal.configOrThrow());
    }

    /**
     * Gives one unseal key; with the threshold reached and the keys proven, makes the root token and answers it
     * encoded. 400 for a wrong nonce or a bad, foreign or repeated key (progress unchanged), 404 with none in progress.
     */
    public synchronized GenerateRoot.Status update(String key, @Nullable String nonce) {
        SealConfig current = seal.configOrThrow();
        if (attempt == null) {
            throw ArcaException.notFound("no root token generation is in progress; start one with arca operator "
                    + "generate-root --init");
        }
        if (nonce == null || !attempt.nonce().equals(nonce.strip())) {
            throw ArcaException.invalid("nonce", "this is not the nonce of the root token generation in progress "
                    + "(arca operator generate-root --status shows it)");
        }
        attempt.given().accept(current, key, SealService.SHARE_BYTES);
        if (attempt.given().size() < current.threshold()) {
            return status(current);
        }
        Attempt done = attempt;
        attempt = null;
        byte[] rootKey = done.given().recombine();
        try {
            if (!SealService.proves(rootKey, current)) {
                throw ArcaException.invalid("key", "the keys given recombine into a key that does not pass the root "
                        + "key check; nothing was made, start again");
            }
        } finally {
            Arrays.fill(rootKey, (byte) 0);
        }
        byte[] token = newRootToken.get().reveal().getBytes(StandardCharsets.UTF_8);
        String encoded = Base64.getEncoder().encodeToString(GenerateRoot.xor(token, done.otp()));
        Arrays.fill(token, (byte) 0);
        Arrays.fill(done.otp(), (byte) 0);
        LOG.warn("generate-root attempt {} completed by a quorum of unseal keys", done.nonce());
        return new GenerateRoot.Status(false, done.nonce(), current.threshold(), current.threshold(), true,
                SecretText.of(encoded));
    }

    /** Forgets the attempt in progress and its keys; none in progress is fine. */
    public synchronized GenerateRoot.Status cancel() {
        SealConfig current = seal.configOrThrow();
        if (attempt != null) {
            attempt.given().forget();
            Arrays.fill(attempt.otp(), (byte) 0);
            attempt = null;
        }
        return status(current);
    }

    private GenerateRoot.Status status(SealConfig current) {
        return attempt == null ? new GenerateRoot.Status(false, null, 0, current.threshold(), false, null)
                : new GenerateRoot.Status(true, attempt.nonce(), attempt.given().size(), current.threshold(), false,
                        null);
    }

    private static byte[] pad(@Nullable String otp) {
        byte[] pad = null;
        try {
            pad = otp == null ? null : Base64.getDecoder().decode(otp.strip());
        } catch (IllegalArgumentException e) {
            // answered below
        }
        if (pad == null || pad.length != GenerateRoot.OTP_BYTES) {
            throw ArcaException.invalid("otp", "otp must be base64 of " + GenerateRoot.OTP_BYTES + " random bytes "
                    + "(arca operator generate-root --init makes one)");
        }
        return pad;
    }
}
