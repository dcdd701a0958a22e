package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The code samples of README.md, compiled and run so they cannot rot. Keep both in step. */
class ReadmeExampleTest {

    @Test
    void openWithOwnPool() {
        String jdbcUrl = TestDatabase.jdbcUrl();
        try (PostgresEventStore store = PostgresEventStore.builder(jdbcUrl, "postgres", "")
                .schema("shop_" + TestDatabase.freshSchema())   // default: vellum
                .open()) {
            AppendResult placed = store.append(StreamId.of("order-42"), ExpectedRevision.noStream(),
                    EventData.of("OrderPlaced", "{\"total\":42}"));
            List<RecordedEvent> order = store.readStream(StreamId.of("order-42"));

            assertThat(placed.revision()).isZero();
            assertThat(order).extracting(RecordedEvent::data).containsExactly("{\"total\":42}");
            assertThat(store.lag().isCaughtUp()).isTrue();
        }
    }

    @Test
    void appendInYourTransaction() throws Exception {
        DataSource dataSource = TestDatabase.dataSource();
        try (PostgresEventStore store = PostgresEventStore.builder(dataSource)
                .schema(TestDatabase.freshSchema()).schemaMode(SchemaMode.MIGRATE).writers(2).open();
                Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // ... update your own tables on c ...
            store.appendInTransaction(c, StreamId.of("order-42"), ExpectedRevision.noStream(),
                    EventData.of("OrderPlaced", "{\"total\":42}"));
            c.commit();   // the events and your rows commit together

            assertThat(store.readStream(StreamId.of("order-42"))).hasSize(1);
        }
    }
}
