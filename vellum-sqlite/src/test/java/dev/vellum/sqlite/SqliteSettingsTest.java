package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durability setting is applied, and one database file belongs to one store. */
class SqliteSettingsTest {

    @TempDir
    Path dir;

    @Test
    void fullDurabilityIsTheDefaultInWalMode() {
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("full.db"))) {
            assertThat(store.writerSettings().synchronous()).isEqualTo(2);
            assertThat(store.writerSettings().journalMode()).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void normalDurabilityCanBeChosen() {
        try (SqliteEventStore store = SqliteEventStore.builder(dir.resolve("normal.db"))
                .synchronous(Durability.NORMAL).open()) {
            assertThat(store.writerSettings().synchronous()).isEqualTo(1);
            assertThat(store.writerSettings().journalMode()).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aWriteQueueOfNoRoomIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> SqliteEventStore.builder(dir.resolve("none.db")).writeQueueCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("writeQueueCapacity must be 1 or more, got 0");
    }

    @Test
    void aSecondStoreOnTheSameFileGetsATypedErrorUntilTheFirstCloses() {
        Path file = dir.resolve("shared.db");
        SqliteEventStore first = SqliteEventStore.open(file);
        first.append(StreamId.of("own-1"), ExpectedRevision.noStream(), EventData.of("Owned", "{}"));

        assertThatThrownBy(() -> SqliteEventStore.open(file))
                .isInstanceOf(DatabaseInUseException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("One process owns an embedded store");
        assertThatThrownBy(() -> SqliteEventStore.open(dir.resolve(".").resolve("shared.db")))
                .isInstanceOf(DatabaseInUseException.class);
        first.append(StreamId.of("own-1"), ExpectedRevision.exactly(0), EventData.of("StillOwned", "{}"));

        first.close();
        try (SqliteEventStore second = SqliteEventStore.open(file)) {
            assertThat(second.readStream(StreamId.of("own-1"))).hasSize(2);
        }
    }

    @Test
    void aFileWrittenByANewerSchemaIsRefusedWithAClearError() throws Exception {
        Path file = dir.resolve("future.db");
        SqliteEventStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
        }
        assertThatThrownBy(() -> SqliteEventStore.open(file))
                .isInstanceOf(VellumException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer Vellum");
        assertThatThrownBy(() -> SqliteEventStore.open(file)).as("the failed open released the file")
                .isNotInstanceOf(DatabaseInUseException.class);
    }
}
