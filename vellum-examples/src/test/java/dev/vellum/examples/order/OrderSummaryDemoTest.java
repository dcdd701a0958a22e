package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerState;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderSummaryDemoTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    @Test
    void summarisesTheDemoOrdersFromTheSqliteStore() throws Exception {
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
            OrderDemo.run(store, 20, QUIET);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            OrderSummaryDemo.Summary summary = OrderSummaryDemo.run(store, readModel,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(summary.rows()).hasSize(20);
            assertThat(summary.confirmed()).isEqualTo(10);
            BigDecimal expected = BigDecimal.ZERO;
            for (int i = 1; i <= 20; i++) {
                expected = expected.add(BigDecimal.valueOf(1000 + i * 37L, 2));
            }
            assertThat(summary.total()).isEqualByComparingTo(expected);
            assertThat(summary.rows().getFirst().orderId()).isEqualTo("o20");
            assertThat(summary.rows()).filteredOn(r -> r.orderId().equals("o1")).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo("confirmed"));
            assertThat(summary.status().state()).isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
            assertThat(summary.status().checkpoint()).isEqualTo(store.head());
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Projection 'order-summary' caught up")
                    .contains("20 orders, 10 confirmed");
        }
    }

    @Test
    void runningItAgainResumesWithoutCountingAnyOrderTwice() throws Exception {
        try (EventStore store = new InMemoryEventStore()) {
            OrderDemo.run(store, 6, QUIET);
            try (SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
                OrderSummaryDemo.run(store, readModel, QUIET);
            }
            try (SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
                OrderSummaryDemo.Summary again = OrderSummaryDemo.run(store, readModel, QUIET);
                assertThat(again.rows()).hasSize(6);
                assertThat(again.confirmed()).isEqualTo(3);
            }
        }
    }
}
