package dev.arca.examples;

import dev.arca.sdk.Arca;

/**
 * Reads one field of a secret on a host that has a machine identity ({@code arca machine enroll}).
 *
 * <p>Run: {@code java -cp arca-sdk.jar:arca-api.jar:jackson-*.jar:arca-examples.jar dev.arca.examples.HostRead
 * sk_… password} — the identity is found as {@link Arca#open()} documents ({@code ARCA_IDENTITY}, else the only
 * vault under {@code $ARCA_HOME}).
 */
public final class HostRead {
    private HostRead() {}

    /** {@code args}: the secret's {@code sk_…} id (or path) and a field name. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: HostRead <secret id or path> <field>");
            System.exit(2);
        }
        try (Arca arca = Arca.open()) {
            String value = arca.getField(args[0], args[1]);
            System.out.println("read " + args[1] + " of " + args[0] + " as " + arca.machineName() + " ("
                    + value.length() + " characters)");
        }
    }
}
