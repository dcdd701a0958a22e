package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StoreFullException;
import dev.vellum.store.StreamId;
import dev.vellum.time.TransientFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite file on a file system that fills up (issue 19): a size-limited tmpfs, mounted by the test
 * (which needs root; elsewhere the test is skipped and says why). Appends meet a full disk with a
 * typed, transient {@link StoreFullException} and store nothing; nothing acknowledged is lost; the
 * file passes {@code PRAGMA integrity_check}; appends work again once space is freed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiskFullTest {

    private static final String PAYLOAD = "{\"text\":\"" + "x".repeat(4000) + "\"}";

    @TempDir
    Path dir;
    private Path mount;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = SmallFileSystem.mount(dir);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            SmallFileSystem.unmount(mount);
        }
    }

    @Test
    void appendsOnAFullDiskFailTypedLoseNothingAndWorkAgainOnceSpaceIsFreed() throws Exception {
        Path file = mount.resolve("events.db");
        Path filler = mount.resolve("filler");
        List<UUID> acknowledged = new ArrayList<>();
        List<UUID> refused = new ArrayList<>();
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            fill(filler, 5 * 1024 * 1024);
            RuntimeException full = null;
            for (int i = 0; i < 2000 && full == null; i++) {
                EventData event = EventData.of("NoteWritten", PAYLOAD);
                try {
                    store.append(StreamId.of("note-" + (i % 7)), ExpectedRevision.any(), event);
                    acknowledged.add(event.id());
                } catch (RuntimeException e) {
                    full = e;
                    refused.add(event.id());
                }
            }
            assertThat(full).as("the disk filled up").isNotNull();
            assertThat(acknowledged).as("some appends fit").isNotEmpty();
            assertThat(full).isInstanceOf(StoreFullException.class)
                    .hasMessageContaining("Nothing")
                    .satisfies(e -> assertThat(TransientFailure.isIn(e)).isTrue());
            for (int i = 0; i < 3; i++) {
                EventData event = EventData.of("NoteWritten", PAYLOAD);
                assertThatThrownBy(() -> store.append(StreamId.of("note-x"), ExpectedRevision.any(), event))
                        .isInstanceOf(StoreFullException.class);
                refused.add(event.id());
            }

            assertStored(store, acknowledged, refused);
            assertThat(integrityCheck(file)).isEqualTo("ok");

            Files.delete(filler);
            EventData after = EventData.of("NoteWritten", PAYLOAD);
            assertThat(store.append(StreamId.of("note-x"), ExpectedRevision.any(), after).revision()).isZero();
            acknowledged.add(after.id());
            assertStored(store, acknowledged, refused);
        }
        try (SqliteEventStore reopened = SqliteEventStore.open(file)) {
            assertStored(reopened, acknowledged, refused);
        }
        assertThat(integrityCheck(file)).isEqualTo("ok");
    }

    private static void assertStored(SqliteEventStore store, List<UUID> acknowledged, List<UUID> refused) {
        List<UUID> all = new ArrayList<>();
        for (RecordedEvent e : store.readAll(dev.vellum.store.Position.START, dev.vellum.store.LogFilter.all(), 100_000)) {
            all.add(e.id());
        }
        assertThat(all).as("every acknowledged append, in order, and nothing refused").isEqualTo(acknowledged);
        assertThat(all).doesNotContainAnyElementsOf(refused);
    }

    private static void fill(Path filler, int bytes) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        }
    }

    private static String integrityCheck(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
