package dev.arca.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A secret value given as {@code -} on the command line ({@code --value -}, {@code --field NAME=-}) is read from
 * stdin instead, so it stays out of the shell's history and the process list. At a terminal it is asked for without
 * echo; piped, the whole of stdin is the value less one final line break ({@code echo s3cr3t |} stores
 * {@code s3cr3t}, as a value typed at a prompt would be) and must be UTF-8 text. {@code --file} keeps every byte, for
 * keys and certificates.
 */
final class StdinValue {
    static final String FROM_STDIN = "-";

    private StdinValue() {}

    /** {@code value}, or the value read from stdin if it is {@code -}; {@code what} names it in the prompt. */
    static String orStdin(ArcaCommand context, String value, String what) {
        return FROM_STDIN.equals(value) ? read(context, what) : value;
    }

    /** The fields with the one given as {@code -} read from stdin; stdin can be read once, so one at most. */
    static @Nullable Map<String, String> orStdin(ArcaCommand context, @Nullable Map<String, String> fields) {
        if (fields == null) {
            return null;
        }
        List<String> fromStdin = fields.entrySet().stream().filter(field -> FROM_STDIN.equals(field.getValue()))
                .map(Map.Entry::getKey).toList();
        if (fromStdin.size() > 1) {
            throw new CommandFailure("only one --field can read its value from stdin (NAME=-); given for "
                    + String.join(", ", fromStdin));
        }
        var read = new LinkedHashMap<>(fields);
        fromStdin.forEach(name -> read.put(name, read(context, "field " + name)));
        return read;
    }

    private static String read(ArcaCommand context, String what) {
        var console = context.console();
        if (console != null) {
            char[] typed = console.readPassword("Value of %s (not echoed): ", what);
            if (typed == null || typed.length == 0) {
                throw new CommandFailure("no value given for " + what);
            }
            String value = new String(typed);
            Arrays.fill(typed, '\0');
            return value;
        }
        String text;
        try {
            text = decode(context.stdin().readAllBytes(), what);
        } catch (IOException e) {
            throw new CommandFailure("cannot read stdin: " + e.getClass().getSimpleName());
        }
        String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.isEmpty()) {
            throw new CommandFailure("no value on stdin for " + what + " (pipe it in, e.g. printf %s \"$VALUE\" | "
                    + "arca secret put …)");
        }
        return value;
    }

    /** Strictly: new String(bytes, UTF_8) would store U+FFFD in place of each bad byte, a value nobody gave. */
    private static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CommandFailure("stdin for " + what + " is not UTF-8 text; give the value with --file, which "
                    + "keeps its exact bytes");
        }
    }
}
