package dev.arca.server.config;

import dev.arca.server.audit.AuditTrail;
import java.net.URI;
import java.util.Optional;

/**
 * Where the audit trail goes besides its file: when the server renames the file itself, and the collectors that get a
 * copy of every line.
 *
 * @param rotation {@code audit_max_bytes} and {@code audit_keep}; {@link AuditTrail.Rotation#NONE} leaves rotation
 *     to the operator's logrotate, with {@code SIGHUP}
 * @param syslog {@code audit_syslog}: {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}, RFC 5424 messages
 * @param syslogRequired {@code audit_syslog_required}: requests fail when the syslog collector cannot be written to
 * @param socket {@code audit_socket}: {@code tcp://HOST:PORT} or {@code udp://HOST:PORT}, the bare JSON lines
 *     (best effort)
 */
public record AuditOutputs(AuditTrail.Rotation rotation, Optional<URI> syslog, boolean syslogRequired,
        Optional<URI> socket) {
    public AuditOutputs {
        if (syslogRequired && syslog.filter(target -> "tcp".equals(target.getScheme())).isEmpty()) {
            throw new ConfigException("audit_syslog_required = true needs audit_syslog = \"tcp://HOST:PORT\": over "
                    + "UDP, or without a collector, a lost line cannot be noticed");
        }
    }
}
