package dev.vellum.server;

/** What a user of the server may do. An operator may do everything a viewer may. */
public enum Role {
    /** Reads: the store's streams, events, log and live feed. */
    VIEWER,
    /** Reads, and acts: appends, deletions, commands. */
    OPERATOR
}
