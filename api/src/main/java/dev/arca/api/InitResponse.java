package dev.arca.api;

import java.util.List;

/** The unseal keys and the root token, shown once and never stored by the server. */
public record InitResponse(List<SecretText> unsealKeys, SecretText rootToken) {
    public InitResponse {
        unsealKeys = List.copyOf(unsealKeys);
    }
}
