package dev.vellum.sqlite.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.Position;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 5 under crashes: a child process catching up a SQL read model is killed with SIGKILL
 * at random moments, again and again; after each kill the checkpoint never went back and the file
 * is intact, and in the end the read model equals one rebuilt from scratch, row for row. The
 * projection counts and chains digests per stream, so an event applied twice, skipped or out of
 * order would show.
 */
class ProjectionCrashTest {

    private static final int KILLS = 12;
    private static final int EVENTS = 150_000;
    private static final int STREAMS = 400;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killedManyTimesDuringCatchUpTheReadModelEqualsARebuildFromScratch() throws Exception {
        Path events = dir.resolve("events.db");
        Path read = dir.resolve("read.db");
        Position head = CrashFixture.fill(events, EVENTS, STREAMS);
        ProjectionId id = StreamStats.projection().id();
        Random random = new Random();
        long last = 0;
        int killedDuringCatchUp = 0;
        for (int round = 1; round <= KILLS && last < head.value(); round++) {
            Path log = dir.resolve("child-" + round + ".log");
            Process child = CrashFixture.startChild(ProjectionCrashChild.class, log, events, read);
            awaitStarted(child, log);
            Thread.sleep(50 + random.nextInt(400));
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
            long checkpoint = checkpoint(read, id);
            assertThat(checkpoint).as("round %d: the checkpoint never goes back", round).isGreaterThanOrEqualTo(last);
            assertThat(CrashFixture.integrity(read)).isEqualTo("ok");
            System.out.printf("round %d: killed at checkpoint %d of %d%n", round, checkpoint, head.value());
            last = checkpoint;
            if (checkpoint < head.value()) {
                killedDuringCatchUp++;
            }
        }
        assertThat(killedDuringCatchUp).as("kills that landed during the catch-up").isGreaterThanOrEqualTo(10);

        try (SqliteEventStore store = SqliteEventStore.open(events);
                SqliteReadModel survivor = SqliteReadModel.open(read);
                SqliteReadModel fresh = SqliteReadModel.open(dir.resolve("fresh.db"));
                ProjectionRunner runner = ProjectionRunner.create(store)) {
            RunningProjection resumed = runner.start(StreamStats.projection(), survivor);
            assertThat(resumed.awaitCheckpoint(head, Duration.ofSeconds(60))).isTrue();
            try (ProjectionRunner other = ProjectionRunner.create(store)) {
                RunningProjection rebuilt = other.start(StreamStats.projection(), fresh);
                assertThat(rebuilt.awaitCheckpoint(head, Duration.ofSeconds(60))).isTrue();
            }
            try (Connection a = survivor.openReader(); Connection b = fresh.openReader()) {
                assertThat(StreamStats.total(a)).isEqualTo(EVENTS);
                assertThat(StreamStats.rows(a)).hasSize(STREAMS).containsExactlyElementsOf(StreamStats.rows(b));
            }
        }
    }

    private static void awaitStarted(Process child, Path log) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child started; its log:%n%s", Files.readString(log)).isEqualTo("STARTED");
    }

    private static long checkpoint(Path read, ProjectionId id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + read);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(position) FROM vellum_projection_checkpoints WHERE projection = '"
                        + id.name() + "' AND version = " + id.version())) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
