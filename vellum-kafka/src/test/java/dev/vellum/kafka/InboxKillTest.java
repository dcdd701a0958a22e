package dev.vellum.kafka;

import static dev.vellum.kafka.Readings.await;
import static dev.vellum.kafka.Readings.sequences;
import static dev.vellum.kafka.Readings.sources;
import static dev.vellum.kafka.Readings.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inbox killed with SIGKILL in the middle of a batch, in a process of its own: the records it had
 * stored but not committed are delivered again to the instance that goes on, and stored once.
 */
class InboxKillTest {

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void recordsStoredButNotCommittedWhenKilledAreRedeliveredAndStoredOnce() throws Exception {
        String topic = broker.createTopic("readings-kill", 3);
        int produced = Readings.produce(broker.bootstrapServers(), topic, 20, 150);
        Path db = dir.resolve("events.db");
        Process child = InboxCrashChild.start(dir, broker.bootstrapServers(), topic, "g-kill", db, "readings");
        try {
            assertThat(await(Duration.ofSeconds(90), () -> InboxCrashChild.took(dir) >= 750 || !child.isAlive()))
                    .as("the child took records in").isTrue();
            assertThat(child.isAlive()).as("the child runs; its log: %s", log(dir.resolve("child.err"))).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL, in the middle of a batch of 100
            child.waitFor();
        }

        long committed = broker.committed(topic, "g-kill");
        try (SqliteEventStore store = SqliteEventStore.open(db)) {
            int storedByChild = stored(store).size();
            assertThat(storedByChild).as("the kill left records stored but not committed (committed %s)", committed)
                    .isGreaterThan((int) committed);
            assertThat(storedByChild).isLessThan(produced);

            try (KafkaInbox inbox = KafkaInbox.builder("killed", broker.bootstrapServers(), "g-kill", Readings.TRANSLATOR)
                    .topics(topic).start(store)) {
                assertThat(await(Duration.ofSeconds(60), () -> inbox.partitions().size() == 3
                        && inbox.status().lagEvents() == 0)).as("the survivor caught up").isTrue();
            }
            List<RecordedEvent> events = stored(store);
            assertThat(events).hasSize(produced);
            assertThat(sources(events)).hasSize(produced).allSatisfy((source, count) -> assertThat(count).isEqualTo(1L));
            List<Integer> inOrder = IntStream.range(0, 150).boxed().toList();
            Map<String, List<Integer>> sequences = sequences(events);
            assertThat(sequences).hasSize(20);
            sequences.forEach((stream, seqs) -> assertThat(seqs).as("the order of %s", stream).isEqualTo(inOrder));
        }
    }

    private static String log(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "(none)";
    }
}
