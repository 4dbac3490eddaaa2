package dev.arca.bench;

/** One request of a load scenario, made by simulated client {@code client}; answers the HTTP status. */
@FunctionalInterface
interface Operation {
    int call(int client) throws Exception;
}
