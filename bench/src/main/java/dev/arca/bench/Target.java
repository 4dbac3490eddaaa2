package dev.arca.bench;

import dev.arca.server.storage.Database;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The server a run measures: one started in this process on a fresh database, or one at {@code --addr}. */
interface Target extends AutoCloseable {
    /** {@code sqlite}, {@code postgresql}, or {@code remote} for a server at {@code --addr}. */
    String backend();

    URI address();

    /** A token that may create vaults, policies, tokens and enrollment tokens (root for a server of our own). */
    String rootToken();

    /** The server's database, for seeds too large for the API; empty for a remote server. */
    Optional<Database> database();

    /** The unseal keys, for the unseal scenario; empty for a remote server. */
    Optional<List<String>> unsealKeys();

    /** The port the server's ACME validator fetches {@code http-01} answers from; empty for a remote server. */
    default java.util.OptionalInt acmeHttp01Port() {
        return java.util.OptionalInt.empty();
    }

    @Override
    void close();
}
