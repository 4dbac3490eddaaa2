package dev.arca.server.database;

import dev.arca.server.database.plugin.Templates;
import dev.arca.server.error.ArcaException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A role's username template: {@code {{role}}}, {@code {{display_name}}} (the caller's name, its unsafe characters
 * made {@code _}), {@code {{random N}}} (N lower-case letters and digits, 1–32) and {@code {{unix_time}}}, the rest
 * literal. What it renders must be {@link Templates#isSafeName safe} — a template that could render a quote, a
 * space or a semicolon is refused when the role is written. A name over the plugin's length limit is made
 * again with the role and display name shortened, so the random part survives; only then is it cut.
 */
final class UsernameTemplate {
    static final String DEFAULT = "v_{{role}}_{{random 10}}_{{unix_time}}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)(?:\\s+(\\d+))?\\s*}}");
    private static final char[] RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String template;

    private UsernameTemplate(String template) {
        this.template = template;
    }

    /** A template a role already holds: checked by {@link #parse} when the role was written. */
    static UsernameTemplate stored(String template) {
        return new UsernameTemplate(template);
    }

    /**
     * A template, checked by rendering it once with sample values.
     *
     * @throws ArcaException 400 naming {@code username_template}
     */
    static UsernameTemplate parse(String template, String role, int maxLength) {
        var parsed = new UsernameTemplate(template);
        String sample = parsed.render(role, "display", Instant.EPOCH, Integer.MAX_VALUE);
        if (!Templates.isSafeName(sample)) {
            throw ArcaException.invalid("username_template", "username_template must render only letters, digits, "
                    + "'_', '.' or '-' (at most 128); it renders \"" + sample + "\"");
        }
        if (!template.contains("{{random") && !template.contains("{{ random")) {
            throw ArcaException.invalid("username_template", "username_template needs a {{random N}} part, so two "
                    + "credentials never get the same name");
        }
        if (maxLength < 8) {
            throw new IllegalArgumentException("a plugin's user names are at least 8 characters");
        }
        return parsed;
    }

    String render(String role, String displayName, Instant now, int maxLength) {
        String name = renderOnce(role, displayName, now);
        int excess = name.length() - maxLength;
        if (excess <= 0) {
            return name;
        }
        String shorterRole = role.substring(0, Math.max(1, role.length() - excess));
        int left = excess - (role.length() - shorterRole.length());
        String shorterName = displayName.substring(0, Math.max(1, displayName.length() - Math.max(left, 0)));
        name = renderOnce(shorterRole, shorterName, now);
        return name.length() <= maxLength ? name : name.substring(0, maxLength);
    }

    private String renderOnce(String role, String displayName, Instant now) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "role" -> role;
                case "display_name" -> displayName.replaceAll("[^A-Za-z0-9_.-]", "_");
                case "random" -> random(matcher.group(2));
                case "unix_time" -> Long.toString(now.getEpochSecond());
                default -> throw ArcaException.invalid("username_template", "username_template knows {{role}}, "
                        + "{{display_name}}, {{random N}} and {{unix_time}}; not {{" + matcher.group(1) + "}}");
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static String random(@Nullable String digits) {
        int length = digits == null ? 8 : Integer.parseInt(digits);
        if (length < 1 || length > 32) {
            throw ArcaException.invalid("username_template", "{{random N}} takes N from 1 to 32");
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = RANDOM_ALPHABET[RANDOM.nextInt(RANDOM_ALPHABET.length)];
        }
        return new String(chars);
    }
}
