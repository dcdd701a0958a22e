package dev.vellum.sqlite.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ProjectionRunner;
import dev.vellum.worker.WorkerState;
import dev.vellum.projection.RunningProjection;
import dev.vellum.sqlite.SmallFileSystem;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projection whose read model sits on a file system that is full (issue 19): it retries, shown as
 * {@code RETRYING}, instead of failing; once space is freed it catches up by itself, and its rows equal
 * a rebuild. The test mounts an 8 MiB tmpfs, which needs root; elsewhere it is skipped and says why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProjectionOnAFullDiskTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

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
    void aProjectionOnAFullDiskRetriesAndCatchesUpOnceSpaceIsFreed() throws Exception {
        Path filler = mount.resolve("filler");
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
                SqliteReadModel readModel = SqliteReadModel.open(mount.resolve("read.db"));
                ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(50).build()) {
            RunningProjection running = runner.start(StreamStats.projection(), readModel);
            append(store, 0, 1_000);
            assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
            fillUp(filler);
            append(store, 1_000, 2_000);

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (running.status().state() != WorkerState.RETRYING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(running.status().state()).as("%s", running.status()).isEqualTo(WorkerState.RETRYING);
            assertThat(running.status().retrying()).isNotNull();

            Files.delete(filler);
            long freed = System.nanoTime();
            assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
            System.out.printf("ProjectionOnAFullDiskTest: caught up %d ms after space was freed%n",
                    (System.nanoTime() - freed) / 1_000_000);
            assertThat(running.status().state()).isEqualTo(WorkerState.LIVE);
            List<String> rows;
            try (Connection c = readModel.openReader()) {
                assertThat(StreamStats.total(c)).isEqualTo(2_000);
                rows = StreamStats.rows(c);
            }
            try (SqliteReadModel fresh = SqliteReadModel.open(dir.resolve("fresh.db"));
                    ProjectionRunner other = ProjectionRunner.create(store)) {
                RunningProjection rebuilt = other.start(StreamStats.projection(), fresh);
                assertThat(rebuilt.awaitCheckpoint(store.head(), WAIT)).isTrue();
                try (Connection c = fresh.openReader()) {
                    assertThat(rows).as("the read model equals a rebuild, row for row").isEqualTo(StreamStats.rows(c));
                }
            }
        }
    }

    private static void append(SqliteEventStore store, int from, int to) {
        for (int i = from; i < to; i += 10) {
            List<EventData> events = new java.util.ArrayList<>();
            for (int j = i; j < i + 10; j++) {
                events.add(EventData.of("Counted", "{\"n\":" + j + "}"));
            }
            store.append(StreamId.of("s-" + (i / 10) % 300), ExpectedRevision.any(), events);
        }
    }

    /** Writes {@code filler} until the file system has no room left. */
    private static void fillUp(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("space");
        }
    }
}
