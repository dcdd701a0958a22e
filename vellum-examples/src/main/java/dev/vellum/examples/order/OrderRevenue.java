package dev.vellum.examples.order;

import dev.vellum.examples.order.OrderEvent.OrderPlaced;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.retry.Retries;
import dev.vellum.time.Backoff;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The order-revenue read model of the demo: each order's amount in euros, converted with the
 * {@link ExchangeRates} an operator keeps. An order in a currency without a rate fails its handler;
 * after one quick retry the event is parked with the error (which says which line to add), and the
 * projection goes on with the next orders. Once the rate is added, retrying the parked event from the
 * console's Projections page applies it. Queries read the plain table name {@code order_revenue}.
 */
public final class OrderRevenue {

    /** The projection's name. */
    public static final String NAME = "order-revenue";

    private OrderRevenue() {
    }

    /** The projection: {@code OrderPlaced} in, rows of {@code order_revenue} out. */
    public static Projection<SqlContext> projection(ExchangeRates rates) {
        return Projection.builder(NAME, SqlContext.class)
                .version(1)
                .categories("order")
                .handles("OrderPlaced")
                .retries(new Retries(2, Backoff.TRANSIENT))
                .errorPolicy(ErrorPolicy.PARK)
                .setup(sql -> sql.createTable("order_revenue", "(order_id TEXT PRIMARY KEY, amount TEXT NOT NULL,"
                        + " currency TEXT NOT NULL, euros TEXT NOT NULL)"))
                .handler((sql, event) -> {
                    OrderPlaced placed = OrderEvent.TYPES.deserialize(event, OrderPlaced.class);
                    BigDecimal euros = placed.amount().multiply(rates.euroRate(placed.currency()))
                            .setScale(2, RoundingMode.HALF_EVEN);
                    sql.update("INSERT INTO {order_revenue} (order_id, amount, currency, euros) VALUES (?, ?, ?, ?)",
                            placed.orderId(), placed.amount().toPlainString(), placed.currency(), euros.toPlainString());
                })
                .build();
    }

    /** The revenue of every order the read model has, in euros. */
    public static BigDecimal total(Connection reader) throws SQLException {
        BigDecimal total = BigDecimal.ZERO;
        try (PreparedStatement ps = reader.prepareStatement("SELECT euros FROM order_revenue");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                total = total.add(new BigDecimal(rs.getString(1)));
            }
        }
        return total;
    }
}
