package dev.arca.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A password from the first line of stdin ({@code --password-stdin}) or typed at the terminal without echo. */
final class PasswordInput {
    private PasswordInput() {}

    /**
     * Passwords for several prompts in order: from stdin one per line, or at the terminal, the last (a new password)
     * asked twice.
     */
    static List<String> readAll(ArcaCommand context, boolean fromStdin, List<String> prompts) throws IOException {
        if (!fromStdin) {
            var passwords = new ArrayList<String>();
            for (int i = 0; i < prompts.size(); i++) {
                passwords.add(read(context, false, prompts.get(i), i == prompts.size() - 1));
            }
            return passwords;
        }
        var reader = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8));
        var lines = new ArrayList<String>();
        for (int i = 0; i < prompts.size(); i++) {
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                throw new CommandFailure("--password-stdin needs " + prompts.size() + " lines: "
                        + String.join(", then ", prompts.stream().map(p -> p.replace(": ", "").toLowerCase(Locale.ROOT))
                                .toList()));
            }
            lines.add(line);
        }
        return lines;
    }

    /** @param confirm ask twice at the terminal (a new password) */
    static String read(ArcaCommand context, boolean fromStdin, String prompt, boolean confirm) throws IOException {
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CommandFailure("no password on stdin");
            }
            return line;
        }
        var console = context.console();
        if (console == null) {
            throw new CommandFailure("no terminal to ask for the password on: pipe it in with --password-stdin");
        }
        char[] typed = console.readPassword("%s", prompt); // the prompt names the user: a % in it is text
        if (typed == null || typed.length == 0) {
            throw new CommandFailure("no password given");
        }
        if (confirm) {
            char[] again = console.readPassword("Again: ");
            boolean same = Arrays.equals(typed, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(typed, '\0');
                throw new CommandFailure("the two passwords differ");
            }
        }
        String password = new String(typed);
        Arrays.fill(typed, '\0');
        return password;
    }
}
