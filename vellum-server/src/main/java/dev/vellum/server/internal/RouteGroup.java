package dev.vellum.server.internal;

/** The routes of one resource (the store's streams, the log, health...), registered together. */
public interface RouteGroup {

    /** Registers this group's routes. */
    void register(Routes routes);
}
