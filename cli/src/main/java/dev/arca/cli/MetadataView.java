package dev.arca.cli;

import dev.arca.api.Rotation;
import dev.arca.api.SecretMetadata;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A secret's metadata for people: its properties (with the rotation policy covering it, when one does), then one
 * line per kept version.
 */
final class MetadataView {
    private MetadataView() {}

    static void print(PrintWriter out, SecretMetadata metadata) {
        var table = new Table()
                .row("id", metadata.id())
                .row("path", metadata.path())
                .row("type", metadata.type())
                .row("current_version", metadata.currentVersion())
                .row("max_versions", metadata.maxVersions())
                .row("description", metadata.description())
                .row("tags", join(metadata.tags()))
                .row("custom", custom(metadata.custom()))
                .row("fields", join(metadata.fieldNames()))
                .row("created_at", Table.show(metadata.createdAt()) + by(metadata.createdBy()))
                .row("updated_at", Table.show(metadata.updatedAt()) + by(metadata.updatedBy()))
                .row("deleted", metadata.destroyed() ? "destroyed" : metadata.deleted() ? "yes" : "no")
                .row("previous", metadata.previousVersion() == null ? null
                        : "version " + metadata.previousVersion() + " until " + Table.show(metadata.previousUntil()));
        Rotation.State rotation = metadata.rotation();
        if (rotation != null) {
            table.row("rotation_policy", rotation.policy())
                    .row("next_rotation_at", rotation.nextRotationAt())
                    .row("last_rotated_at", rotation.lastRotatedAt())
                    .row("last_status", rotation.lastStatus())
                    .row("run_id", rotation.runId() == null ? null : rotation.runId() + " (in progress)");
        }
        table.print(out);
        out.println();
        var versions = new Table("VERSION", "STATE", "CREATED", "BY", "REASON");
        metadata.versions().forEach(version -> versions.row(version.version(), version.state(), version.createdAt(),
                version.createdBy(), version.rotationReason()));
        versions.print(out);
    }

    private static @Nullable String join(@Nullable List<String> names) {
        return names == null || names.isEmpty() ? null : String.join(", ", names);
    }

    private static @Nullable String custom(@Nullable Map<String, String> custom) {
        return custom == null || custom.isEmpty() ? null : new TreeMap<>(custom).entrySet().stream()
                .map(pair -> pair.getKey() + "=" + pair.getValue()).collect(Collectors.joining(", "));
    }

    private static String by(@Nullable String who) {
        return who == null ? "" : " by " + who;
    }
}
