package dev.vellum.bench.postgres;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.serde.VellumJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The raw baseline of the PostgreSQL catch-up: a plain JDBC loop over a log of {@code events}
 * events in a table of Vellum's shape ({@link RawPg}, written before the clock starts) that reads
 * pages of {@value #PAGE} events by position, deserializes each event's data into
 * {@link OrderPlaced} with Jackson, inserts the rows of a page into a fresh {@code orders} table of
 * the projection's shape with one {@code executeBatch}, updates a checkpoint row, and commits: one
 * transaction per page, as the projection's 1,000 events a transaction. One operation is one whole
 * catch-up into a new table.
 */
final class RawPgCatchUp implements Workload {

    private static final int PAGE = 1_000;
    private static final ObjectReader ORDER = VellumJson.newObjectMapper().readerFor(OrderPlaced.class);

    private final int events;

    /** @param events the log's size */
    RawPgCatchUp(int events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "raw pg catch-up loop";
    }

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        String log;
        try (Connection c = RawPg.writeConnection()) {
            log = RawPg.createTable(c);
            c.commit();
            RawPg.fill(c, log, events);
        }
        return Fixture.of(1, thread -> () -> catchUp(log), () -> { });
    }

    private int catchUp(String log) throws Exception {
        String target = PgServer.freshSchema();
        int done = 0;
        try (Connection read = PgServer.dataSource().getConnection(); Connection write = RawPg.writeConnection()) {
            try (Statement st = write.createStatement()) {
                st.execute("CREATE SCHEMA " + target);
                st.execute("CREATE TABLE " + target + ".orders (position INTEGER PRIMARY KEY, order_id TEXT NOT NULL,"
                        + " customer TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL)");
                st.execute("CREATE TABLE " + target + ".checkpoint (name text PRIMARY KEY, position bigint NOT NULL)");
                st.execute("INSERT INTO " + target + ".checkpoint VALUES ('orders', 0)");
            }
            write.commit();
            try (PreparedStatement page = read.prepareStatement("SELECT position, data FROM " + log
                    + ".events WHERE position > ? ORDER BY position LIMIT " + PAGE);
                    PreparedStatement insert = write.prepareStatement("INSERT INTO " + target
                            + ".orders (order_id, customer, amount, currency, position) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement checkpoint = write.prepareStatement("UPDATE " + target
                            + ".checkpoint SET position = ? WHERE name = 'orders'")) {
                long after = 0;
                while (true) {
                    int rows = 0;
                    page.setLong(1, after);
                    try (ResultSet rs = page.executeQuery()) {
                        while (rs.next()) {
                            after = rs.getLong(1);
                            OrderPlaced order = ORDER.readValue(rs.getString(2));
                            insert.setString(1, order.orderId());
                            insert.setString(2, order.customer());
                            insert.setString(3, order.amount().toPlainString());
                            insert.setString(4, order.currency());
                            insert.setLong(5, after);
                            insert.addBatch();
                            rows++;
                        }
                    }
                    if (rows == 0) {
                        break;
                    }
                    insert.executeBatch();
                    checkpoint.setLong(1, after);
                    checkpoint.executeUpdate();
                    write.commit();
                    done += rows;
                    if (rows < PAGE) {
                        break;
                    }
                }
            }
        }
        return done;
    }
}
