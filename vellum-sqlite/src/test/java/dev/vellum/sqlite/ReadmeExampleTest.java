package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code samples of README.md, compiled and run so they cannot rot. Keep both in step. */
class ReadmeExampleTest {

    @TempDir
    Path data;

    @Test
    void openAppendRead() {
        Path file = data.resolve("data/events.db");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            AppendResult placed = store.append(StreamId.of("order-42"), ExpectedRevision.noStream(),
                    EventData.of("OrderPlaced", "{\"total\":42}"));
            List<RecordedEvent> order = store.readStream(StreamId.of("order-42"));

            assertThat(placed.revision()).isZero();
            assertThat(order).extracting(RecordedEvent::type).containsExactly("OrderPlaced");
        }
    }

    @Test
    void openWithOptions() {
        SqliteEventStore store = SqliteEventStore.builder(data.resolve("data/events.db"))
                .synchronous(Durability.NORMAL)
                .readConnections(4)
                .writeQueueCapacity(10_000)
                .open();
        try (store) {
            assertThat(store.writerSettings().synchronous()).isEqualTo(Durability.NORMAL.pragmaValue());
        }
    }
}
