package dev.arca.api;

import java.util.Locale;

/**
 * The kinds of identity a policy binds to, and how each is written as a binding subject: {@code user:alice},
 * {@code group:ops}, {@code agent:NAME} by name; {@code machine:mach_…}, {@code client:cli_…} and
 * {@code token:acc_…} by id ({@link Policy.Binding#of(IdentityType, String)}).
 */
public enum IdentityType {
    USER, GROUP, AGENT, MACHINE, CLIENT,
    /** A token, by its accessor ({@code acc_…}), never by the token itself. */
    TOKEN;

    /** The prefix of a subject: {@code user}, {@code machine}, … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The subject naming {@code identity}: {@code MACHINE.subject("mach_1")} is {@code machine:mach_1}. The server
     * checks the rest of its shape (400 naming {@code subject}).
     *
     * @throws IllegalArgumentException if {@code identity} is blank or already a subject ({@code machine:…})
     */
    public String subject(String identity) {
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("name the " + wire() + " to bind: its " + (byName() ? "name" : "id"));
        }
        if (identity.contains(":")) {
            throw new IllegalArgumentException("'" + identity + "' contains ':'; pass the " + wire() + "'s "
                    + (byName() ? "name" : "id") + " alone (" + example() + "): the subject's '" + wire()
                    + ":' is added for you");
        }
        return wire() + ":" + identity;
    }

    private boolean byName() {
        return this == USER || this == GROUP || this == AGENT;
    }

    private String example() {
        switch (this) {
            case MACHINE: return "mach_…";
            case CLIENT: return "cli_…";
            case TOKEN: return "acc_…";
            default: return "alice";
        }
    }
}
