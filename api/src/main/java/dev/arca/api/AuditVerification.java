package dev.arca.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of checking an audit file: its hash chain and seq numbers, and when the server checks its own file, the
 * MACs under its chain key and that the file still ends where its database says.
 *
 * @param intact true when nothing was found wrong (recorded breaks do not count: see {@code notes})
 * @param entries how many lines were read
 * @param firstBadLine 1-based number of the first line that was changed, removed or reordered; null when intact, or
 *     when what is wrong is not one line (the file is missing, or ends before the last entry the database recorded)
 * @param reason what is wrong; null when intact
 * @param notes what the check saw that is not an error (breaks the server recorded) and what it could not check
 */
public record AuditVerification(boolean intact, String file, long entries, @Nullable Long firstBadLine,
        @Nullable String reason, List<String> notes) {
    public AuditVerification {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
