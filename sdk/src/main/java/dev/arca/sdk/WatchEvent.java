package dev.arca.sdk;

import dev.arca.api.SecretText;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Arca#watch} callback hears about one secret: the SDK's view of the server's
 * {@link dev.arca.api.WatchEvent} (the data of a {@code GET /v1/vaults/{vault}/events} event), or an
 * {@link WatchStatus#ERROR} made by the SDK when the stream cannot be opened. {@link #toString()} never shows the
 * value.
 */
public final class WatchEvent {
    private final WatchStatus status;
    private final String secretId;
    private final @Nullable String value;
    private final @Nullable Map<String, String> fields;
    private final @Nullable String error;

    private WatchEvent(WatchStatus status, String secretId, @Nullable String value,
            @Nullable Map<String, String> fields, @Nullable String error) {
        this.status = Objects.requireNonNull(status, "status");
        this.secretId = secretId;
        this.value = value;
        this.fields = fields == null ? null : Map.copyOf(fields);
        this.error = error;
    }

    /** Adapts the server's event; an unknown type becomes {@link WatchStatus#ERROR}. */
    static WatchEvent from(dev.arca.api.WatchEvent event) {
        String type = event.type() == null ? "" : event.type();
        switch (type) {
            case dev.arca.api.WatchEvent.CHANGED:
                return new WatchEvent(WatchStatus.CHANGED, event.secretId(), SecretText.revealOrNull(event.value()),
                        SecretText.revealAll(event.fields()), null);
            case dev.arca.api.WatchEvent.DELETED:
                return new WatchEvent(WatchStatus.DELETED, event.secretId(), null, null, null);
            case dev.arca.api.WatchEvent.ACCESS_DENIED:
                return new WatchEvent(WatchStatus.ACCESS_DENIED, event.secretId(), null, null,
                        "this machine may no longer watch the secret");
            case dev.arca.api.WatchEvent.ERROR:
                return new WatchEvent(WatchStatus.ERROR, event.secretId(), null, null,
                        "the secret changed but its new value could not be served");
            default:
                return new WatchEvent(WatchStatus.ERROR, event.secretId(), null, null,
                        "Arca sent an event of unknown type " + type);
        }
    }

    /** An {@link WatchStatus#ERROR} made by the SDK, e.g. when the event stream cannot be opened. */
    static WatchEvent error(String secretId, String error) {
        return new WatchEvent(WatchStatus.ERROR, secretId, null, null, error);
    }

    /** What happened. */
    public WatchStatus status() {
        return status;
    }

    /** The {@code sk_…} id of the watched secret. */
    public String secretId() {
        return secretId;
    }

    /** The new value of a single-value secret on {@link WatchStatus#CHANGED} when the machine may read it; else null. */
    public @Nullable String value() {
        return value;
    }

    /** The new fields of a structured secret on {@link WatchStatus#CHANGED} when readable; else null. */
    public @Nullable Map<String, String> fields() {
        return fields;
    }

    /** Why, for {@link WatchStatus#ERROR} and {@link WatchStatus#ACCESS_DENIED}; null otherwise. Never a value. */
    public @Nullable String error() {
        return error;
    }

    @Override
    public String toString() {
        return "WatchEvent[status=" + status + ", secretId=" + secretId
                + (value == null && fields == null ? "" : ", value=<redacted>")
                + (error == null ? "" : ", error=" + error) + "]";
    }
}
