package dev.arca.server.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.arca.api.Json;
import dev.arca.api.Pki;
import java.time.Instant;

/** Roles for unit tests, written as the JSON a PUT would carry. */
final class PkiRoles {
    private PkiRoles() {}

    static Pki.RoleWrite write(String json) {
        try {
            return Json.strict().readValue(json, Pki.RoleWrite.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The role {@code web} a PUT of {@code json} makes. */
    static Pki.Role role(String json) {
        return RoleValidation.role("web", RoleValidation.complete(write(json)), Instant.EPOCH);
    }
}
