package dev.vellum.kafka;

import static dev.vellum.kafka.Readings.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.examples.devices.DeviceIncidents;
import dev.vellum.examples.devices.Incident;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.sql.SqlTimerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device example end to end, from Kafka records to partner reports: device errors arrive on a
 * topic of three partitions, an inbox stores them, the incident process manager and the
 * partner-report reactor (vellum-examples) work from the store, with a clock the test moves.
 *
 * <p>A first consumer, in a process of its own, is killed with SIGKILL in the middle of a batch; two
 * instances go on in this process (one added once the first has taken its partitions), are restarted
 * with everything else at minute 10, and take the resolutions in at minute 14. SQLite is one process
 * per file, so the killed instance runs before the others rather than beside them.
 */
class DeviceInboxEndToEndTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int GROUP = 10;
    private static final int LATE = 5;

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final DeviceIncidents.Partner partner = (incident, device, code, key) -> {
        reports.add(incident);
        return "ack-" + incident;
    };
    /** What was produced for each device, in order: {@code TYPE incident}. */
    private final Map<String, List<String>> produced = new LinkedHashMap<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    /** The stores and workers of one run of the application, closed and opened again by a restart. */
    private final class Application implements AutoCloseable {
        final SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
        final SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"));
        final DeviceIncidents incidents;
        final List<KafkaInbox> inboxes = new ArrayList<>();

        Application() {
            CheckpointStore<SqlContext> checkpoints = readModel;
            incidents = DeviceIncidents.start(store, checkpoints, new SqlTimerStore(readModel), partner, clock);
        }

        KafkaInbox addInbox(String topic) {
            KafkaInbox inbox = KafkaInbox.builder("devices", broker.bootstrapServers(), "device-service",
                    DeviceRecords.TRANSLATOR).topics(topic).start(store);
            inboxes.add(inbox);
            return inbox;
        }

        boolean inboxesCaughtUp() {
            return inboxes.stream().mapToInt(i -> i.partitions().size()).sum() == 3
                    && inboxes.stream().allMatch(i -> i.status().lagEvents() == 0);
        }

        void processCaughtUp() throws InterruptedException {
            assertThat(incidents.process().awaitCheckpoint(store.head(), WAIT)).isTrue();
        }

        Incident.Status status(String incident) {
            return incidents.process().instance(incident).state().status();
        }

        @Override
        public void close() {
            inboxes.forEach(KafkaInbox::close);
            incidents.close();
            store.close();
            readModel.close();
        }
    }

    private void produce(String topic, String device, String type, String incident, String value) {
        try (KafkaProducer<String, String> producer = Readings.producer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>(topic, device, value));
            producer.flush();
        }
        produced.computeIfAbsent("device-" + device, d -> new ArrayList<>()).add(type + " " + incident);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void fromKafkaRecordsToPartnerReportsAcrossAKillARebalanceAndARestart() throws Exception {
        String topic = broker.createTopic("device-errors", 3);
        for (int i = 0; i < GROUP; i++) { // resolved at minute 14, unresolved, and late by an hour
            produce(topic, "pump-r" + i, "ErrorOccurred", "inc-r" + i, DeviceRecords.occurred("inc-r" + i, "pump-r" + i, T0));
            produce(topic, "pump-u" + i, "ErrorOccurred", "inc-u" + i, DeviceRecords.occurred("inc-u" + i, "pump-u" + i, T0));
            if (i < LATE) {
                produce(topic, "pump-l" + i, "ErrorOccurred", "inc-l" + i,
                        DeviceRecords.occurred("inc-l" + i, "pump-l" + i, T0.minus(Duration.ofHours(1))));
            }
        }
        int first = 2 * GROUP + LATE;

        // the application is deployed before records arrive: a new process manager starts at the log's head
        new Application().close();
        // minute 0: a first consumer, in its own process, killed with SIGKILL in the middle of a batch
        Process child = InboxCrashChild.start(dir, broker.bootstrapServers(), topic, "device-service",
                dir.resolve("events.db"), "devices");
        try {
            assertThat(await(WAIT, () -> InboxCrashChild.took(dir) >= 15 || !child.isAlive())).isTrue();
            assertThat(child.isAlive()).as("the child runs: %s", Files.readString(dir.resolve("child.err"))).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        long committedByChild = broker.committed(topic, "device-service");

        try (Application app = new Application()) {
            assertThat(deviceEvents(app).size()).as("stored, not committed, when killed").isGreaterThan((int) committedByChild);
            app.addInbox(topic);
            assertThat(await(WAIT, app::inboxesCaughtUp)).as("the first instance took the rest").isTrue();
            KafkaInbox second = app.addInbox(topic); // added mid-run: the partitions spread over both
            assertThat(await(WAIT, () -> !second.partitions().isEmpty() && app.inboxesCaughtUp())).isTrue();
            assertThat(deviceEvents(app)).hasSize(first);
            app.processCaughtUp();
            for (int i = 0; i < LATE; i++) {
                String incident = "inc-l" + i;
                assertThat(await(WAIT, () -> app.status(incident) == Incident.Status.DISCARDED))
                        .as("%s: %s, timers %s, pending %s", incident, app.status(incident),
                                app.incidents.process().timers(incident), app.incidents.process().pendingTimers()).isTrue();
            }
            assertThat(app.incidents.process().pendingTimers()).hasSize(2 * GROUP);
            clock.advance(Duration.ofMinutes(10));
            Thread.sleep(200);
        }

        // minute 10: a restart of everything; minute 14: the resolutions arrive
        try (Application app = new Application()) {
            app.addInbox(topic);
            KafkaInbox second = app.addInbox(topic);
            assertThat(await(WAIT, () -> !second.partitions().isEmpty() && app.inboxesCaughtUp())).isTrue();
            assertThat(app.incidents.process().pendingTimers()).hasSize(2 * GROUP);
            clock.advance(Duration.ofMinutes(4));
            for (int i = 0; i < GROUP; i++) {
                produce(topic, "pump-r" + i, "ErrorResolved", "inc-r" + i,
                        DeviceRecords.resolved("inc-r" + i, "pump-r" + i, clock.instant()));
            }
            assertThat(await(WAIT, () -> deviceEvents(app).size() == first + GROUP)).isTrue();
            app.processCaughtUp();
            assertThat(app.incidents.process().pendingTimers()).hasSize(GROUP);

            // minute 15: the unresolved ones are reported, once each
            clock.advance(Duration.ofMinutes(1));
            assertThat(await(WAIT, () -> reports.size() >= GROUP)).isTrue();
            for (int i = 0; i < GROUP; i++) {
                String incident = "inc-u" + i;
                assertThat(await(WAIT, () -> app.status(incident) == Incident.Status.NOTIFIED)).isTrue();
            }
            clock.advance(Duration.ofHours(1));
            Thread.sleep(500);

            assertThat(reports).as("exactly one report per unresolved incident").hasSize(GROUP)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, GROUP)
                            .mapToObj(i -> "inc-u" + i).toList());
            for (int i = 0; i < GROUP; i++) {
                assertThat(app.status("inc-r" + i)).isEqualTo(Incident.Status.RESOLVED);
            }
            for (int i = 0; i < LATE; i++) {
                assertThat(app.status("inc-l" + i)).isEqualTo(Incident.Status.DISCARDED);
                assertThat(app.incidents.process().timers("inc-l" + i)).singleElement()
                        .satisfies(t -> assertThat(t.state()).isEqualTo(TimerState.EXPIRED));
            }

            List<RecordedEvent> events = deviceEvents(app);
            assertThat(events.stream().collect(Collectors.groupingBy(e -> e.metadata().header(KafkaInbox.SOURCE_HEADER),
                    Collectors.counting()))).as("each record stored once").hasSize(first + GROUP)
                    .allSatisfy((source, count) -> assertThat(count).isEqualTo(1L));
            Map<String, List<String>> streams = events.stream().collect(Collectors.groupingBy(e -> e.stream().value(),
                    LinkedHashMap::new, Collectors.mapping(e -> e.type() + " " + incident(e), Collectors.toList())));
            assertThat(streams).as("each device's events as produced, in order").isEqualTo(produced);
        }
    }

    private static String incident(RecordedEvent event) {
        try {
            return Readings.JSON.readTree(event.data()).get("incidentId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RecordedEvent> deviceEvents(Application app) {
        List<RecordedEvent> all = new ArrayList<>();
        Position after = Position.START;
        for (List<RecordedEvent> page = app.store.readAll(after, LogFilter.categories("device"), 1_000); !page.isEmpty();
                page = app.store.readAll(after, LogFilter.categories("device"), 1_000)) {
            all.addAll(page);
            after = page.getLast().position();
        }
        return all;
    }
}
