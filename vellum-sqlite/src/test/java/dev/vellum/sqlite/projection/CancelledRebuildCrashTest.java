package dev.vellum.sqlite.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.sqlite.SqliteEventStore;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancel of a rebuild, killed with SIGKILL: a child process starts an operator's rebuild of a SQL read
 * model and cancels it, and is killed at a random moment around the cancel, again and again. After
 * each kill the generation that served still serves (active, its rows whole once caught up), and the
 * rebuild is either gone (no checkpoints, no tables) or resumable (checkpoints and tables), never a
 * part of one; a restart resumes a resumable one, and a cancel then drops it.
 */
class CancelledRebuildCrashTest {

    private static final int ROUNDS = 8;
    private static final int EVENTS = 20_000;
    private static final int STREAMS = 50;
    private static final ProjectionId SERVING = ProjectionId.of("stream-stats", 1);
    private static final ProjectionId REBUILD = new ProjectionId("stream-stats", 1, 2);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void killedAroundACancelTheServingGenerationServesAndTheRebuildIsGoneOrWholeNeverHalf() throws Exception {
        Path events = dir.resolve("events.db");
        Path read = dir.resolve("read.db");
        CrashFixture.fill(events, EVENTS, STREAMS);
        Random random = new Random();
        int gone = 0;
        int resumable = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            Path log = dir.resolve("child-" + round + ".log");
            Process child = CrashFixture.startChild(CancelledRebuildCrashChild.class, log, events, read);
            awaitLine(child, log, "CANCELLING");
            Thread.sleep(random.nextInt(300)); // the cancel takes up to 200 ms: its batch, then the drop
            child.destroyForcibly(); // SIGKILL
            child.waitFor();

            boolean hasCheckpoints = hasCheckpoints(read);
            List<String> tables = tables(read);
            assertThat(CrashFixture.integrity(read)).isEqualTo("ok");
            assertThat(tables).as("round %d: the serving generation's tables", round).contains("stream_stats_v1",
                    "event_totals_v1");
            if (hasCheckpoints) {
                assertThat(tables).as("round %d: a rebuild left with checkpoints has its tables", round)
                        .contains("stream_stats_v1_g2", "event_totals_v1_g2");
                resumable++;
            } else {
                assertThat(tables).as("round %d: a rebuild without checkpoints has no tables left", round)
                        .doesNotContain("stream_stats_v1_g2", "event_totals_v1_g2");
                gone++;
            }
            afterTheKill(events, read, round);
        }
        System.out.printf("%d kills: the rebuild was gone after %d, resumable after %d%n", ROUNDS, gone, resumable);
    }

    /** Restarts: the serving generation serves whole; a resumed rebuild is cancelled; nothing of it is left. */
    private static void afterTheKill(Path events, Path read, int round) throws Exception {
        try (SqliteEventStore store = SqliteEventStore.open(events);
                SqliteReadModel readModel = SqliteReadModel.open(read);
                ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(50).build()) {
            assertThat(readModel.active("stream-stats")).as("round %d", round).contains(SERVING);
            boolean had = readModel.checkpoints(REBUILD).isPresent();
            RunningProjection stats = runner.start(StreamStats.projection(), readModel);
            assertThat(stats.rebuilding().isPresent()).as("round %d: resumed exactly when it was left", round)
                    .isEqualTo(had);
            if (had) {
                stats.cancelRebuild();
            }
            assertThat(stats.awaitCheckpoint(store.head(), Duration.ofSeconds(60))).isTrue();
            assertThat(stats.id()).isEqualTo(SERVING);
            try (Connection c = readModel.openReader()) {
                assertThat(StreamStats.total(c)).as("round %d: whole", round).isEqualTo(EVENTS);
                assertThat(StreamStats.rows(c)).hasSize(STREAMS);
            }
            assertThat(readModel.checkpoints(REBUILD)).isEmpty();
        }
        assertThat(tables(read)).doesNotContain("stream_stats_v1_g2", "event_totals_v1_g2");
    }

    private static void awaitLine(Process child, Path log, String expected) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child printed %s; its log:%n%s", expected, Files.readString(log)).isEqualTo(expected);
    }

    private static boolean hasCheckpoints(Path read) throws Exception {
        try (SqliteReadModel readModel = SqliteReadModel.open(read)) {
            return readModel.checkpoints(REBUILD).isPresent();
        }
    }

    private static List<String> tables(Path read) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + read);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
