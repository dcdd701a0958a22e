package dev.vellum.sqlite.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.serde.EventTypes;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example of the "SQL read models" section of vellum-sqlite/README.md and checks the
 * README shows exactly the code between the markers below, so the example cannot rot.
 */
class ReadmeReadModelExampleTest {

    record OrderPlaced(String orderId, BigDecimal total) {
    }

    record OrderConfirmed(String orderId) {
    }

    @TempDir
    Path dir;

    @Test
    void theExampleRuns() throws Exception {
        EventTypes types = EventTypes.builder().register("OrderPlaced", OrderPlaced.class)
                .register("OrderConfirmed", OrderConfirmed.class).build();
        List<String> rows = new ArrayList<>();
        // README:start
        Projection<SqlContext> summary = Projection.builder("order-summary", SqlContext.class)
                .version(1)
                .handles("OrderPlaced", "OrderConfirmed")
                .setup(sql -> sql.createTable("order_summary",
                        "(order_id TEXT PRIMARY KEY, total TEXT NOT NULL, status TEXT NOT NULL)"))
                .handler((sql, event) -> {
                    switch (types.deserialize(event)) {
                        case OrderPlaced p -> sql.update("INSERT INTO {order_summary} VALUES (?, ?, 'placed')",
                                p.orderId(), p.total().toPlainString());
                        case OrderConfirmed c -> sql.update(
                                "UPDATE {order_summary} SET status = 'confirmed' WHERE order_id = ?", c.orderId());
                        default -> { }
                    }
                })
                .build();

        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read-models.db"));
                ProjectionRunner runner = ProjectionRunner.create(store)) {
            store.append(StreamId.of("order-42"), ExpectedRevision.noStream(),
                    types.serialize(new OrderPlaced("42", new BigDecimal("99.90"))),
                    types.serialize(new OrderConfirmed("42")));

            RunningProjection running = runner.start(summary, readModel);
            running.awaitCheckpoint(store.head(), Duration.ofSeconds(5));
            DataSource readers = readModel.readers(); // for plain JDBC, jdbi, jOOQ, Spring's JdbcClient
            try (Connection c = readers.getConnection();
                    ResultSet rs = c.createStatement().executeQuery("SELECT * FROM order_summary")) {
                while (rs.next()) {
                    rows.add(rs.getString("order_id") + " " + rs.getString("total") + " " + rs.getString("status"));
                }
            }
        }
        // rows: [42 99.90 confirmed]
        // README:end
        assertThat(rows).containsExactly("42 99.90 confirmed");
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        List<String> kept = new ArrayList<>();
        boolean on = false;
        for (String line : Files.readAllLines(
                Path.of("src/test/java/dev/vellum/sqlite/projection/ReadmeReadModelExampleTest.java"))) {
            String marker = line.strip();
            if (marker.equals("// README:start")) {
                on = true;
            } else if (marker.equals("// README:end")) {
                on = false;
            } else if (on) {
                kept.add(line.isBlank() ? "" : line.substring(8));
            }
        }
        assertThat(Files.readString(Path.of("README.md"))).contains(String.join("\n", kept) + "\n");
    }
}
