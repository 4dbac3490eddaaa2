package dev.arca.server.rotation;

/** An attempt of a run failed; the message says why and never holds a value. */
final class RunFailure extends RuntimeException {
    /** Whether trying again cannot help (the secret has no such field): the run fails at once. */
    private final boolean lasting;

    RunFailure(String message, boolean lasting) {
        super(message, null, false, false);
        this.lasting = lasting;
    }

    static RunFailure retry(String message) {
        return new RunFailure(message, false);
    }

    static RunFailure lasting(String message) {
        return new RunFailure(message, true);
    }

    boolean lasting() {
        return lasting;
    }
}
