package dev.arca.server.acme;

/**
 * Where a {@code dns-01} answer is written: the TXT record {@code fqdn} with {@code value}, added before the CA is
 * asked to validate and removed afterwards. Both calls are idempotent: a present of a record already there and a
 * cleanup of one already gone succeed, so a resumed order can repeat either.
 */
interface DnsRecords {
    void present(String fqdn, String value) throws DnsUpdateException;

    void cleanup(String fqdn, String value) throws DnsUpdateException;

    /** A DNS update that did not happen; the message names the server or hook and what it answered, no secret. */
    final class DnsUpdateException extends Exception {
        private static final long serialVersionUID = 1L;

        DnsUpdateException(String message) {
            super(message);
        }
    }
}
