package dev.vellum.bench.store;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.serde.EventTypes;

/**
 * The read model the projection scenarios build: one row per order placed, written through the
 * projection's SQL transaction (exactly once), as a batched row ({@code SqlContext.batch}), so the
 * rows of a transaction's events go to the database in one JDBC batch, as the raw loop's do. Each event is deserialized through
 * {@link EventTypes} into an {@link OrderPlaced} record, as an application would. Rows are keyed by
 * the event's log position, so they are appended in key order; keyed by the benchmark's random
 * order ids, the catch-up measures SQLite's random B-tree writes more than Vellum (see the README).
 */
public final class OrderReadModel {

    /** The read model's table, by its plain name (a view over the active version's table). */
    public static final String TABLE = "orders";

    private static final EventTypes TYPES = EventTypes.builder().register(OrderEvents.TYPE, OrderPlaced.class).build();

    private OrderReadModel() {
    }

    /** The projection. */
    public static Projection<SqlContext> projection() {
        return Projection.builder("bench-orders", SqlContext.class)
                .handles(OrderEvents.TYPE)
                .setup(sql -> sql.createTable(TABLE, "(position INTEGER PRIMARY KEY, order_id TEXT NOT NULL,"
                        + " customer TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL)"))
                .handler((sql, event) -> {
                    OrderPlaced order = TYPES.deserialize(event, OrderPlaced.class);
                    sql.batch("INSERT INTO {orders} (order_id, customer, amount, currency, position) VALUES (?, ?, ?, ?, ?)",
                            order.orderId(), order.customer(), order.amount().toPlainString(), order.currency(),
                            event.position().value());
                })
                .build();
    }
}
