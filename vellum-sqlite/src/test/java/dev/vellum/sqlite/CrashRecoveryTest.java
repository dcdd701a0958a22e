package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that appends from many threads (SIGKILL, at a random moment) again and again on
 * the same file, and checks after each kill that every acknowledged append is there whole, that no
 * append is there in part, that positions have no gaps, and that SQLite finds the file intact.
 */
class CrashRecoveryTest {

    private static final int KILLS = 20;

    /** One acknowledged append, as the child printed it. */
    record Ack(String stream, String marker, long revision, long position, int count) {
        static Ack parse(String line) {
            String[] f = line.split(" ");
            return new Ack(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), Integer.parseInt(f[5]));
        }
    }

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void acknowledgedAppendsSurviveKillsAndNoAppendIsHalfThere() throws Exception {
        Path file = dir.resolve("crash.db");
        Random random = new Random();
        List<Ack> acknowledged = new ArrayList<>();
        for (int round = 1; round <= KILLS; round++) {
            List<Ack> acks = new CopyOnWriteArrayList<>();
            Path log = dir.resolve("child-" + round + ".log");
            Process child = startChild(file, log);
            Thread reader = Thread.ofPlatform().start(() -> readAcks(child, acks));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acks.isEmpty() && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(acks).as("the child acknowledged appends; its log:%n%s", Files.readString(log)).isNotEmpty();
            if (round == 1) {
                assertThatThrownBy(() -> SqliteEventStore.open(file)).isInstanceOf(DatabaseInUseException.class);
            }
            Thread.sleep(random.nextInt(300));
            child.destroyForcibly();
            child.waitFor();
            reader.join();
            acknowledged.addAll(acks);
            verify(file, acknowledged);
        }
    }

    private static Process startChild(Path file, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), file.toString())
                .redirectError(log.toFile())
                .start();
    }

    private static void readAcks(Process child, List<Ack> acks) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("ACK ") && line.endsWith(" END")) { // a line cut by the kill is not an ack
                    acks.add(Ack.parse(line));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void verify(Path file, List<Ack> acknowledged) throws Exception {
        try (SqliteEventStore store = SqliteEventStore.open(file)) {
            for (Ack ack : acknowledged) {
                List<RecordedEvent> events = store.readStream(StreamId.of(ack.stream()),
                        dev.vellum.store.ReadDirection.BACKWARDS, ack.revision(), ack.count());
                assertThat(events).as("acknowledged %s", ack).hasSize(ack.count())
                        .allSatisfy(e -> assertThat(e.metadata().header("marker")).isEqualTo(ack.marker()));
                assertThat(events.getFirst().position().value()).as("position of %s", ack).isEqualTo(ack.position());
            }
            Map<String, List<RecordedEvent>> byMarker = new HashMap<>();
            long expected = 1;
            Position after = Position.START;
            for (List<RecordedEvent> page = store.readAll(after, LogFilter.all(), 5_000); !page.isEmpty();
                    page = store.readAll(after, LogFilter.all(), 5_000)) {
                for (RecordedEvent e : page) {
                    assertThat(e.position().value()).as("positions have no gaps").isEqualTo(expected++);
                    byMarker.computeIfAbsent(e.metadata().header("marker"), m -> new ArrayList<>()).add(e);
                }
                after = page.getLast().position();
            }
            assertThat(store.head()).isEqualTo(Position.of(expected - 1));
            byMarker.forEach((marker, events) -> {
                int count = Integer.parseInt(events.getFirst().metadata().header("count"));
                assertThat(events).as("append %s is whole", marker).hasSize(count);
                for (int i = 0; i < count; i++) {
                    assertThat(events.get(i).metadata().header("index")).isEqualTo(Integer.toString(i));
                    assertThat(events.get(i).revision()).isEqualTo(events.getFirst().revision() + i);
                    assertThat(events.get(i).stream()).isEqualTo(events.getFirst().stream());
                }
            });
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
    }
}
