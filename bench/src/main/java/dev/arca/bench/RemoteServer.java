package dev.arca.bench;

import dev.arca.server.storage.Database;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A server someone else runs ({@code --addr URL --token T}); the bench only speaks HTTP to it. */
record RemoteServer(URI address, String rootToken) implements Target {
    @Override
    public String backend() {
        return "remote";
    }

    @Override
    public Optional<Database> database() {
        return Optional.empty();
    }

    @Override
    public Optional<List<String>> unsealKeys() {
        return Optional.empty();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "RemoteServer[address=" + address + ", token=<redacted>]";
    }
}
