package dev.arca.api;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a secret holds, as the client sees it: a single value ({@link #STRING}, {@link #PASSWORD}, {@link #API_KEY},
 * {@link #CERTIFICATE}, {@link #SSH_KEY}) or string fields ({@link #JSON}, {@link #CONNECTION}).
 *
 * <p>The wire keeps the type as a string ({@link Secret#type()}), and records expose this enum beside it
 * ({@link Secret#secretType()}) rather than in its place, for two reasons: a newer server may store a type this
 * SDK does not know, which must still decode (it reads as {@link #UNKNOWN}, and the string keeps the exact name),
 * and a bad type a caller sends must reach the server, whose 400 names the field {@code type}, instead of failing
 * in JSON binding with a message that names nothing.
 */
public enum SecretType {
    STRING(false), PASSWORD(false), API_KEY(false), CERTIFICATE(false), SSH_KEY(false),
    JSON(true), CONNECTION(true),
    /** A type this SDK does not know (a newer server's); never sent. */
    UNKNOWN(false);

    private final boolean structured;

    SecretType(boolean structured) {
        this.structured = structured;
    }

    /** The name on the wire: {@code string}, {@code api_key}, … */
    public String wire() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("UNKNOWN stands for a type this SDK does not know and has no wire name");
        }
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the secret holds fields rather than one value. */
    public boolean structured() {
        return structured;
    }

    /** The type of a wire name, {@link #UNKNOWN} for a name this SDK does not know (or none). */
    public static SecretType fromWire(@Nullable String wire) {
        for (SecretType type : values()) {
            if (type != UNKNOWN && type.name().toLowerCase(Locale.ROOT).equals(wire)) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
