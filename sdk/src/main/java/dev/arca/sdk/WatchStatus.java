package dev.arca.sdk;

/** What happened to a secret watched with {@link Arca#watch}. */
public enum WatchStatus {
    /** A new current version; {@link WatchEvent#value()} or {@link WatchEvent#fields()} carry it when readable. */
    CHANGED,
    /** The secret was deleted. */
    DELETED,
    /** The machine may no longer watch this secret; nothing more comes for it and its watch ends. */
    ACCESS_DENIED,
    /** The change happened but could not be served, or the watch could not be (re)established; see the error. */
    ERROR
}
