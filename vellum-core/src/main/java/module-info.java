/**
 * Vellum's core: the public API (events and streams, the {@code EventStore} port, serialization,
 * deciders and command handling, snapshots, subscriptions, projections, reactors, process
 * managers, timers, the in-memory stores) and the service-provider packages a store is written
 * against ({@code dev.vellum.store.spi}, {@code dev.vellum.worker.spi}; see
 * {@code vellum-store-tck/README.md}). The {@code internal} packages are not exported (one only
 * to the conformance suite).
 */
module dev.vellum.core {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive java.sql;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires java.net.http;
    requires org.slf4j;

    exports dev.vellum.decider;
    exports dev.vellum.integration;
    exports dev.vellum.integration.memory;
    exports dev.vellum.integration.webhook;
    exports dev.vellum.process;
    exports dev.vellum.projection;
    exports dev.vellum.projection.memory;
    exports dev.vellum.projection.sql;
    exports dev.vellum.reactor;
    exports dev.vellum.retry;
    exports dev.vellum.serde;
    exports dev.vellum.snapshot;
    exports dev.vellum.snapshot.memory;
    exports dev.vellum.store;
    exports dev.vellum.store.memory;
    exports dev.vellum.store.spi;
    exports dev.vellum.time;
    exports dev.vellum.timer;
    exports dev.vellum.timer.memory;
    exports dev.vellum.timer.sql;
    exports dev.vellum.worker;
    exports dev.vellum.worker.spi;

    // the conformance suite checks that a store's append marks let integration publishers find each
    // append again, with the publishers' own look-up (AppendTests); no other module may read it
    exports dev.vellum.integration.internal to dev.vellum.store.tck;
}
