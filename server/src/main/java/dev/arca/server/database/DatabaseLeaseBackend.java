package dev.arca.server.database;

import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.lease.LeaseBackend;
import java.time.Instant;

/**
 * Undoes and extends the database users of dynamic leases ({@link Revocation}), through the connection's pooled
 * client. The plugins treat a user already gone as revoked, so a retry, a user dropped by hand or a sweep after a
 * crash all end cleanly.
 */
final class DatabaseLeaseBackend implements LeaseBackend {
    static final String KIND = "database";

    private final ConnectionService connections;
    private final Clients clients;

    DatabaseLeaseBackend(ConnectionService connections, Clients clients) {
        this.connections = connections;
        this.clients = clients;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void revoke(String revocation) {
        Revocation undo = Revocation.parse(revocation);
        clients.of(connection(undo)).revoke(undo.username(), undo.revocationStatements());
    }

    @Override
    public void renew(String revocation, Instant expiresAt) {
        Revocation undo = Revocation.parse(revocation);
        try {
            clients.of(connection(undo)).renew(undo.username(), expiresAt, undo.renewStatements());
        } catch (DatabaseException e) {
            throw Failures.answer(undo.connectionId(), e);
        }
    }

    private ConnectionRow connection(Revocation undo) {
        return connections.usable(connections.byId(undo.connectionId()).orElseThrow(() ->
                new IllegalStateException("connection " + undo.connectionId() + " no longer exists")));
    }
}
