package dev.arca.server;

/** The storage contract on the embedded default: a SQLite file in WAL mode. */
class SqliteStorageIT extends StorageContract {
    @Override
    String freshStorage() {
        return "sqlite:" + dir.resolve("contract.db");
    }
}
