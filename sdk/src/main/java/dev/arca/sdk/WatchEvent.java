package dev.arca.sdk;

import dev.arca.api.Rotation;
import dev.arca.api.SecretText;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Arca#watch} callback hears about one secret: the SDK's view of the server's
 * {@link dev.arca.api.WatchEvent} (the data of a {@code GET /v1/vaults/{vault}/events} event), or an
 * {@link WatchStatus#ERROR} made by the SDK when the stream cannot be opened. {@link #toString()} never shows the
 * value.
 *
 * <p>Reload on {@link #isNewValue()} ({@link WatchStatus#CHANGED} and {@link WatchStatus#ROTATED}); the rotation
 * notices {@link WatchStatus#ROTATION_DUE} and {@link WatchStatus#ROTATION_FAILED} change nothing.
 */
public final class WatchEvent {
    private final WatchStatus status;
    private final String secretId;
    private final @Nullable String value;
    private final @Nullable Map<String, String> fields;
    private final @Nullable String error;
    private final Rotation.@Nullable Notice rotation;

    private WatchEvent(WatchStatus status, String secretId, @Nullable String value,
            @Nullable Map<String, String> fields, @Nullable String error, Rotation.@Nullable Notice rotation) {
        this.status = Objects.requireNonNull(status, "status");
        this.secretId = secretId;
        this.value = value;
        this.fields = fields == null ? null : Map.copyOf(fields);
        this.error = error;
        this.rotation = rotation;
    }

    /** Adapts the server's event; an unknown type becomes {@link WatchStatus#ERROR}. */
    static WatchEvent from(dev.arca.api.WatchEvent event) {
        String type = event.type() == null ? "" : event.type();
        switch (type) {
            case dev.arca.api.WatchEvent.CHANGED:
                return newValue(WatchStatus.CHANGED, event, null);
            case dev.arca.api.WatchEvent.ROTATED:
                return newValue(WatchStatus.ROTATED, event, event.rotation());
            case dev.arca.api.WatchEvent.ROTATION_DUE:
                return new WatchEvent(WatchStatus.ROTATION_DUE, event.secretId(), null, null, null, event.rotation());
            case dev.arca.api.WatchEvent.ROTATION_FAILED:
                Rotation.Notice failed = event.rotation();
                return new WatchEvent(WatchStatus.ROTATION_FAILED, event.secretId(), null, null,
                        failed != null && failed.error() != null ? failed.error() : "a rotation run failed", failed);
            case dev.arca.api.WatchEvent.DELETED:
                return new WatchEvent(WatchStatus.DELETED, event.secretId(), null, null, null, null);
            case dev.arca.api.WatchEvent.ACCESS_DENIED:
                return new WatchEvent(WatchStatus.ACCESS_DENIED, event.secretId(), null, null,
                        "this machine may no longer watch the secret", null);
            case dev.arca.api.WatchEvent.ERROR:
                return new WatchEvent(WatchStatus.ERROR, event.secretId(), null, null,
                        "the secret changed but its new value could not be served", null);
            default:
                return new WatchEvent(WatchStatus.ERROR, event.secretId(), null, null,
                        "Arca sent an event of unknown type " + type, null);
        }
    }

    /** A new current version: the value or fields when the server sent them (the watcher may read the secret). */
    private static WatchEvent newValue(WatchStatus status, dev.arca.api.WatchEvent event,
            Rotation.@Nullable Notice rotation) {
        return new WatchEvent(status, event.secretId(), SecretText.revealOrNull(event.value()),
                SecretText.revealAll(event.fields()), null, rotation);
    }

    /** An {@link WatchStatus#ERROR} made by the SDK, e.g. when the event stream cannot be opened. */
    static WatchEvent error(String secretId, String error) {
        return new WatchEvent(WatchStatus.ERROR, secretId, null, null, error, null);
    }

    /** What happened. */
    public WatchStatus status() {
        return status;
    }

    /**
     * Whether the secret has a new current version to reload: {@link WatchStatus#CHANGED} or
     * {@link WatchStatus#ROTATED}, never the rotation notices.
     */
    public boolean isNewValue() {
        return status == WatchStatus.CHANGED || status == WatchStatus.ROTATED;
    }

    /** The {@code sk_…} id of the watched secret. */
    public String secretId() {
        return secretId;
    }

    /**
     * The new value of a single-value secret on {@link WatchStatus#CHANGED} or {@link WatchStatus#ROTATED} when the
     * machine may read it; else null.
     */
    public @Nullable String value() {
        return value;
    }

    /** The new fields of a structured secret on {@link #isNewValue() a new value} when readable; else null. */
    public @Nullable Map<String, String> fields() {
        return fields;
    }

    /**
     * Why, for {@link WatchStatus#ERROR}, {@link WatchStatus#ACCESS_DENIED} and {@link WatchStatus#ROTATION_FAILED};
     * null otherwise. Never a value.
     */
    public @Nullable String error() {
        return error;
    }

    /**
     * What a rotation event adds: the policy and the run ({@link WatchStatus#ROTATED}), the due time
     * ({@link WatchStatus#ROTATION_DUE}), the run and its failure ({@link WatchStatus#ROTATION_FAILED}); null for
     * every other status.
     */
    public Rotation.@Nullable Notice rotation() {
        return rotation;
    }

    @Override
    public String toString() {
        return "WatchEvent[status=" + status + ", secretId=" + secretId
                + (value == null && fields == null ? "" : ", value=<redacted>")
                + (rotation == null ? "" : ", policy=" + rotation.policy()
                        + (rotation.runId() == null ? "" : ", run=" + rotation.runId())
                        + (rotation.dueAt() == null ? "" : ", due=" + rotation.dueAt()))
                + (error == null ? "" : ", error=" + error) + "]";
    }
}
