package dev.arca.api;

import java.util.List;

/** The unseal keys and the root token, shown once and never stored by the server. */
public record InitResponse(List<String> unsealKeys, String rootToken) {
    public InitResponse {
        unsealKeys = List.copyOf(unsealKeys);
    }

    @Override
    public String toString() {
        return "InitResponse[unsealKeys=<" + unsealKeys.size() + " redacted>, rootToken=<redacted>]";
    }
}
