package dev.arca.server.policy;

import dev.arca.server.error.ArcaException;
import java.util.regex.Pattern;

/**
 * The shapes of policy names and binding subjects. Policy names are lower case only, so two names can never differ
 * only in case and be confused (or matched differently) by a case-insensitive store or tool.
 */
public final class PolicyNames {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** {@code pol_} and base64url of 16 random bytes, or 32 hex digits for a policy given its id by V13. */
    private static final Pattern ID = Pattern.compile("pol_[A-Za-z0-9_-]{1,60}");
    private static final String ID_PREFIX = "pol_";
    private static final Pattern SUBJECT = Pattern.compile(
            "(user|group|agent):[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}"
                    + "|machine:mach_[A-Za-z0-9_-]{1,64}"
                    + "|client:cli_[A-Za-z0-9_-]{1,64}"
                    + "|token:acc_[A-Za-z0-9_-]{1,64}");
    /** Global, held only by root tokens; a vault policy of that name would only confuse. */
    private static final String RESERVED = "root";

    private PolicyNames() {}

    /** 400 on {@code field} unless {@code name} is a valid policy name. */
    public static String checkName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ArcaException.invalid(field, "a policy name is 1-64 characters of lower-case letters, digits, "
                    + "'_' and '-', starting with a letter or digit");
        }
        if (name.equals(RESERVED)) {
            throw ArcaException.invalid(field, "'root' is the global root policy; a vault policy may not take "
                    + "that name");
        }
        return name;
    }

    /**
     * As {@link #checkName}, for a policy being created: names starting {@code pol_} are kept for ids, so that a
     * reference to a policy means one thing.
     */
    public static String checkNewName(String field, String name) {
        checkName(field, name);
        if (name.startsWith(ID_PREFIX)) {
            throw ArcaException.invalid(field, "policy names starting with 'pol_' are reserved for policy ids; "
                    + "choose another name");
        }
        return name;
    }

    /** Whether {@code ref} has the shape of a policy id ({@code pol_…}). */
    static boolean isId(String ref) {
        return ref != null && ID.matcher(ref).matches();
    }

    /** Whether {@code ref} has the shape of a policy name. */
    static boolean isName(String ref) {
        return ref != null && NAME.matcher(ref).matches() && !ref.equals(RESERVED);
    }

    /**
     * 400 on {@code field} unless {@code subject} names something policies bind to: {@code user:NAME},
     * {@code group:NAME}, {@code agent:NAME}, {@code machine:mach_…}, {@code client:cli_…}, {@code token:acc_…}.
     */
    public static String checkSubject(String field, String subject) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw ArcaException.invalid(field, "a subject is user:NAME, group:NAME, agent:NAME, machine:mach_…, "
                    + "client:cli_… or token:acc_…");
        }
        return subject;
    }
}
