package dev.arca.server.seal;

import com.google.crypto.tink.Mac;
import dev.arca.server.audit.ChainKey;
import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The audit chain key of the seal's keyring ({@code audit-chain}): present while unsealed, absent while sealed or
 * before init, so entries answered then carry no MAC. Tink's MAC verification compares in constant time.
 */
public final class AuditChainKey implements ChainKey {
    private static final HexFormat HEX = HexFormat.of();
    private final Supplier<Optional<Mac>> key;

    /** The key of the keyring in use: none while sealed. */
    public AuditChainKey(SealService seal) {
        this(() -> inUse(seal));
    }

    private AuditChainKey(Supplier<Optional<Mac>> key) {
        this.key = key;
    }

    /** The key of a keyring an unseal opened but has not put in use yet (its audit check runs with it). */
    public static AuditChainKey of(Keyring opened) {
        return new AuditChainKey(opened::auditChainMac);
    }

    @Override
    public Optional<String> mac(String hash) {
        return key().map(mac -> {
            try {
                return HEX.formatHex(mac.computeMac(hash.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("computing the audit chain MAC failed", e);
            }
        });
    }

    @Override
    public Optional<Boolean> verify(String hash, String mac) {
        return key().map(key -> {
            try {
                key.verifyMac(HEX.parseHex(mac), hash.getBytes(StandardCharsets.US_ASCII));
                return true;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        });
    }

    private Optional<Mac> key() {
        return key.get();
    }

    private static Optional<Mac> inUse(SealService seal) {
        if (seal.isSealed()) {
            return Optional.empty();
        }
        try {
            return seal.keyring().auditChainMac();
        } catch (ArcaException sealedMeanwhile) {
            return Optional.empty();
        }
    }
}
