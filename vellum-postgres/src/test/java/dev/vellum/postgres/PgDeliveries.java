package dev.vellum.postgres;

import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.time.Backoff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The reactor of the lease tests: each {@code Ordered} event asks for one delivery, and a delivery
 * is a row of {@code deliveries} keyed by the effect's idempotency key, inserted {@code ON CONFLICT}
 * as a provider that deduplicates would, with a count of every attempt. Its outcome
 * ({@code Delivered}) is appended to the order's stream.
 */
final class PgDeliveries {

    /** The reactor's name; its lease and checkpoint are {@code reactor.deliveries}. */
    static final String NAME = "deliveries";

    /** The order events and the outcomes of their deliveries. */
    sealed interface OrderEvent {
        /** An order that asks for one delivery. */
        record Ordered(String orderId) implements OrderEvent {
        }

        /** Its delivery was carried out. */
        record Delivered(String orderId, String receipt) implements OrderEvent {
        }

        /** Its delivery failed for good. */
        record DeliveryFailed(String orderId, String error) implements OrderEvent {
        }
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("Ordered", OrderEvent.Ordered.class)
            .register("Delivered", OrderEvent.Delivered.class)
            .register("DeliveryFailed", OrderEvent.DeliveryFailed.class)
            .build();

    private static final EffectOutcomes<OrderEvent> OUTCOMES = new EffectOutcomes<>() {
        @Override
        public OrderEvent succeeded(Effect effect, String receipt) {
            return new OrderEvent.Delivered(effect.payload(), receipt);
        }

        @Override
        public OrderEvent failed(Effect effect, String error) {
            return new OrderEvent.DeliveryFailed(effect.payload(), error);
        }

        /** The outcomes are the order's own events, so they go in the order's stream. */
        @Override
        public StreamId stream(Effect effect) {
            return effect.sourceStream();
        }
    };

    private PgDeliveries() {
    }

    /** The event that asks for the delivery of order {@code orderId}. */
    static EventData ordered(String orderId) {
        return TYPES.serialize(new OrderEvent.Ordered(orderId));
    }

    /** Creates table {@code deliveries} in the current schema of {@code dataSource} when missing. */
    /**
     * A thread placing one order on a new stream every 25 ms while {@code appending} holds, counting
     * each acknowledged one in {@code ordered}.
     */
    static Thread startOrdering(EventStore store, AtomicBoolean appending, AtomicLong ordered) {
        return Thread.ofPlatform().start(() -> {
            for (int i = 0; appending.get(); i++) {
                store.append(StreamId.of("order-" + i), ExpectedRevision.noStream(), ordered("o-" + i));
                ordered.incrementAndGet();
                LeaseInstances.sleep(25);
            }
        });
    }

    static void createTable(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS deliveries (key text PRIMARY KEY, attempts integer NOT NULL,"
                    + " node text NOT NULL)");
        }
    }

    /** What a delivery does after it was carried out, before its outcome is recorded. */
    @FunctionalInterface
    interface AfterDelivery {
        /** Runs after {@code effect} was delivered. */
        void after(Effect effect) throws Exception;
    }

    /**
     * The reactor, reading the log from its start; a delivery inserts its key into {@code deliveries}
     * of {@code dataSource} (or counts one more attempt), then takes {@code pause}, so that a kill can
     * land between carrying out an effect and recording its outcome.
     */
    static Reactor<OrderEvent> reactor(DataSource dataSource, String node, Duration pause) {
        return reactor(dataSource, node, effect -> Thread.sleep(pause));
    }

    /** The reactor, whose deliveries run {@code after} once carried out (to hold one in flight, say). */
    static Reactor<OrderEvent> reactor(DataSource dataSource, String node, AfterDelivery after) {
        return Reactor.builder(NAME, TYPES, OUTCOMES)
                .handles("Ordered")
                .decide(event -> List.of(EffectRequest.of(((OrderEvent.Ordered) TYPES.deserialize(event)).orderId())))
                .execute(effect -> {
                    deliver(dataSource, effect.key(), node);
                    after.after(effect);
                    return "receipt-" + effect.key();
                })
                .effectRetries(new Retries(5, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))))
                .startFromBeginning()
                .build();
    }

    private static void deliver(DataSource dataSource, String key, String node) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO deliveries AS d (key, attempts, node) VALUES (?, 1, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET attempts = d.attempts + 1")) {
            ps.setString(1, key);
            ps.setString(2, node);
            ps.executeUpdate();
        }
    }

    /** How many keys were delivered, and how many attempts all of them took, in {@code readSchema}. */
    static long[] deliveries(Connection c, String readSchema) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*), coalesce(sum(attempts), 0) FROM " + readSchema + ".deliveries")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
