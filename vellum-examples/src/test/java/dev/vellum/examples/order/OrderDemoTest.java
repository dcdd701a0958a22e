package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.memory.InMemoryEventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderDemoTest {

    @TempDir
    Path dir;

    @Test
    void runsOnTheInMemoryStore() throws Exception {
        try (EventStore store = new InMemoryEventStore()) {
            check(store, 9);
        }
    }

    @Test
    void runsOnTheSqliteStore() throws Exception {
        try (EventStore store = SqliteEventStore.open(dir.resolve("demo.db"))) {
            check(store, 20);
        }
    }

    @Test
    void refusesTooFewOrders() {
        try (EventStore store = new InMemoryEventStore()) {
            assertThatThrownBy(() -> OrderDemo.run(store, 1, System.out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        }
    }

    private static void check(EventStore store, int orders) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OrderDemo.Summary summary = OrderDemo.run(store, orders, new PrintStream(printed, true, StandardCharsets.UTF_8));
        int confirmed = (orders + 1) / 2;
        assertThat(summary.placed()).isEqualTo(orders);
        assertThat(summary.confirmed()).isEqualTo(confirmed);
        assertThat(summary.head().value()).isEqualTo(orders + confirmed);
        assertThat(summary.seenByType()).isEqualTo(Map.of("OrderPlaced", (long) orders, "OrderConfirmed", (long) confirmed));
        assertThat(summary.conflictActualRevision()).isEqualTo(1);
        assertThat(summary.retryReturnedOriginal()).isTrue();
        assertThat(summary.rejection().code()).isEqualTo("already-confirmed");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Accepted: confirm o1 -> Accepted[events=[OrderConfirmed[orderId=o1")
                .contains("revision=1")
                .contains("Rejected: confirm o1 again -> already-confirmed")
                .contains("Store-level conflict, as expected")
                .contains("(command place-o1, correlation checkout-1)")
                .contains("OrderPlaced[orderId=o1")
                .contains("OrderConfirmed[orderId=o1");
    }
}
