package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.time.TransientFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write transaction that cannot begin stored nothing and says so, typed (issue 19, item 7): here
 * another connection, outside the store, holds the file's write lock past SQLite's busy timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteOutcomesTest {

    @TempDir
    Path dir;

    @Test
    void anAppendThatCannotTakeTheFilesWriteLockFailsAsUnavailableAndStoresNothing() throws Exception {
        Path file = dir.resolve("busy.db");
        StreamId stream = StreamId.of("order-1");
        EventData paid = EventData.of("OrderPaid", "{}");
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            store.append(stream, ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));
            try (Connection intruder = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement st = intruder.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                assertThatThrownBy(() -> store.append(stream, ExpectedRevision.any(), paid))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("Nothing was written")
                        .satisfies(e -> assertThat(TransientFailure.isIn(e)).isTrue());
                st.execute("ROLLBACK");
            }
            assertThat(store.readEvent(paid.id())).as("nothing was stored").isEmpty();
            assertThat(store.append(stream, ExpectedRevision.any(), paid).revision()).isEqualTo(1);
        }
    }
}
