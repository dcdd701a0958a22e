package dev.vellum.examples.order;

import dev.vellum.examples.order.OrderEvent.OrderConfirmed;
import dev.vellum.examples.order.OrderEvent.OrderPlaced;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The order-summary read model: one row per order with its customer, amount and status, kept by a
 * projection that writes in the same SQL transaction as its checkpoint, so each event counts once.
 * Queries read the plain table name {@code order_summary}.
 */
public final class OrderSummary {

    /** The projection's name. */
    public static final String NAME = "order-summary";

    private OrderSummary() {
    }

    /**
     * One order as the read model has it.
     *
     * @param orderId the order
     * @param customer who ordered
     * @param amount the total
     * @param currency ISO 4217 code
     * @param status {@code placed} or {@code confirmed}
     */
    public record Row(String orderId, String customer, BigDecimal amount, String currency, String status) {
    }

    /** The projection: order events in, rows of {@code order_summary} out. */
    public static Projection<SqlContext> projection() {
        return Projection.builder(NAME, SqlContext.class)
                .version(1)
                .categories("order")
                .handles("OrderPlaced", "OrderConfirmed")
                .setup(sql -> sql.createTable("order_summary", "(order_id TEXT PRIMARY KEY, customer TEXT NOT NULL,"
                        + " amount TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, confirmed_at TEXT)"))
                .handler((sql, event) -> {
                    OrderEvent order = OrderEvent.TYPES.deserialize(event, OrderEvent.class);
                    if (order instanceof OrderPlaced placed) {
                        sql.update("INSERT INTO {order_summary} (order_id, customer, amount, currency, status)"
                                + " VALUES (?, ?, ?, ?, 'placed')", placed.orderId(), placed.customer(),
                                placed.amount().toPlainString(), placed.currency());
                    } else if (order instanceof OrderConfirmed confirmed) {
                        sql.update("UPDATE {order_summary} SET status = 'confirmed', confirmed_at = ? WHERE order_id = ?",
                                confirmed.confirmedAt().toString(), confirmed.orderId());
                    }
                })
                .build();
    }

    /** Every order in the read model, largest amount first. */
    public static List<Row> query(Connection reader) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = reader.prepareStatement("SELECT order_id, customer, amount, currency, status"
                + " FROM order_summary ORDER BY CAST(amount AS REAL) DESC, order_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), new BigDecimal(rs.getString(3)), rs.getString(4),
                        rs.getString(5)));
            }
        }
        return rows;
    }
}
