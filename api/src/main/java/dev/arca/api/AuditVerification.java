package dev.arca.api;

/**
 * The result of checking an audit file's hash chain.
 *
 * @param entries how many lines were read
 * @param firstBadLine 1-based number of the first line that was changed, removed or reordered; null when intact
 * @param reason what is wrong with that line; null when intact
 */
public record AuditVerification(boolean intact, String file, long entries, Long firstBadLine, String reason) {}
