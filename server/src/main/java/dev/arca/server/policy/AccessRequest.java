package dev.arca.server.policy;

import dev.arca.server.identity.Permission;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One authorization question: may the principal do {@code permission} on {@code path} in vault {@code vaultId},
 * asking from {@code sourceIp} at {@code time}, with or without a verified second factor.
 */
public record AccessRequest(String vaultId, @Nullable String path, Permission permission, @Nullable String sourceIp,
        boolean mfa, Instant time) {}
