package dev.arca.server.snapshot;

import dev.arca.api.Snapshot;
import dev.arca.server.audit.AuditHeadStore;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Resource;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.PrivateFiles;
import dev.arca.server.sys.BrowserRequestGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code /v1/sys/storage/snapshot}: save a snapshot of the whole database (root), and restore one into a server that
 * was never initialized (no token: there is none yet, as for {@code sys/init}; the same browser guards apply).
 */
public final class SnapshotRoutes {
    private static final String PATH = "/v1/sys/storage/snapshot";

    private SnapshotRoutes() {}

    /** @param scratch the directory the body of a restore is kept in (0600) until it has been restored */
    public static List<Route> routes(Database db, SealService seal, AuditHeadStore auditHeads, String version,
            Path scratch, BrowserRequestGuard browsers) {
        var writer = new SnapshotWriter(db, auditHeads, version);
        var restore = new SnapshotRestore(db);
        return List.of(
                Route.get(PATH).operation("sys.storage.snapshot.save")
                        .summary("Stream a consistent snapshot of the whole database, taken while writes go on "
                                + "(encrypted values stay encrypted)")
                        .authenticated(Permission.ADMIN, call -> Resource.global("sys/storage"))
                        .handle(call -> Reply.stream(Snapshot.MEDIA_TYPE, writer::write)),
                Route.post(PATH).operation("sys.storage.snapshot.restore")
                        .summary("Restore a snapshot into this server, which must never have been initialized; it "
                                + "stays sealed and unseals with the saved server's unseal keys")
                        .sealedOk().streamedBody().response(Snapshot.Restored.class)
                        .prepareThenHandle(call -> {
                            browsers.requireKnownHost(call, "sys/storage/snapshot");
                            browsers.requireMediaType(call, "sys/storage/snapshot", Snapshot.MEDIA_TYPE);
                            if (seal.isInitialized()) {
                                throw SnapshotRestore.notEmpty("it is initialized");
                            }
                            Path file = receive(call, scratch);
                            try {
                                SnapshotFile.Verified verified = restore.verify(file);
                                return inTransaction -> { // the same call, now inside the transaction
                                    try {
                                        var restored = restore.restore(file, verified);
                                        audit(inTransaction, restored);
                                        return Reply.ok(restored.restored());
                                    } finally {
                                        Files.deleteIfExists(file);
                                    }
                                };
                            } catch (Exception | Error e) {
                                Files.deleteIfExists(file);
                                throw e;
                            }
                        }));
    }

    /** The body, streamed to a file of its own (0600) in {@code scratch}: a snapshot may be larger than memory. */
    private static Path receive(Call call, Path scratch) throws IOException {
        PrivateFiles.createDirectories(scratch);
        Path file = scratch.resolve("restore-" + call.requestId() + ".snapshot");
        try (var channel = PrivateFiles.openChannel(file); OutputStream out = Channels.newOutputStream(channel);
                InputStream in = call.bodyStream()) {
            channel.truncate(0);
            in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw ArcaException.invalid("body", "the snapshot could not be received whole (" + e.getMessage()
                    + "); nothing was written");
        }
        return file;
    }

    /** The restore's audit entry says what came in, and where the saved server's chain stood. */
    private static void audit(Call call, SnapshotFile.Verified restored) {
        call.audit("snapshot_sha256", restored.sha256());
        call.audit("snapshot_schema_version", restored.schemaVersion());
        call.audit("snapshot_saved_at", restored.savedAt());
        if (restored.auditHead() != null) {
            call.audit("snapshot_audit_seq", Long.toString(restored.auditHead().seq()));
            call.audit("snapshot_audit_hash", restored.auditHead().hash());
        }
    }
}
