package dev.arca.sdk;

/** What happened to a secret watched with {@link Arca#watch}. */
public enum WatchStatus {
    /** A new current version; {@link WatchEvent#value()} or {@link WatchEvent#fields()} carry it when readable. */
    CHANGED,
    /**
     * A new current version made by a rotation run: a {@link #CHANGED} in every respect (reload on it the same way),
     * with the policy and run in {@link WatchEvent#rotation()}.
     */
    ROTATED,
    /**
     * The secret's next rotation is near (a warn-before point passed) or due now; {@link WatchEvent#rotation()} has
     * the due time. Nothing changed: there is no value, and nothing to reload.
     */
    ROTATION_DUE,
    /**
     * A rotation run failed; the current version is unchanged and still served, so there is nothing to reload.
     * {@link WatchEvent#error()} says why.
     */
    ROTATION_FAILED,
    /** The secret was deleted. */
    DELETED,
    /** The machine may no longer watch this secret; nothing more comes for it and its watch ends. */
    ACCESS_DENIED,
    /** The change happened but could not be served, or the watch could not be (re)established; see the error. */
    ERROR
}
