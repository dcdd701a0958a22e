package dev.vellum.kafka;

import static dev.vellum.kafka.Readings.TRANSLATOR;
import static dev.vellum.kafka.Readings.await;
import static dev.vellum.kafka.Readings.reading;
import static dev.vellum.kafka.Readings.sequences;
import static dev.vellum.kafka.Readings.sources;
import static dev.vellum.kafka.Readings.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inbox against a real broker (one KRaft node in this JVM), on topics of three partitions. */
class KafkaInboxTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    private static KafkaInbox.Builder inbox(String name, String group, RecordTranslator translator, String topic) {
        return KafkaInbox.builder(name, broker.bootstrapServers(), group, translator).topics(topic);
    }

    /** Each device's sequence numbers 0..perDevice-1, in order. */
    private static void assertInOrder(List<RecordedEvent> events, int devices, int perDevice) {
        Map<String, List<Integer>> sequences = sequences(events);
        assertThat(sequences).hasSize(devices);
        List<Integer> expected = IntStream.range(0, perDevice).boxed().toList();
        sequences.forEach((stream, seqs) -> assertThat(seqs).as("the order of %s", stream).isEqualTo(expected));
    }

    @Test
    void itStoresEachRecordOnceInPartitionOrderAndARedeliveryChangesNothing() throws Exception {
        String topic = broker.createTopic("readings-once", 3);
        int produced = Readings.produce(broker.bootstrapServers(), topic, 12, 50);
        InMemoryEventStore store = new InMemoryEventStore();
        try (KafkaInbox inbox = inbox("readings", "g-once", TRANSLATOR, topic).start(store)) {
            assertThat(await(WAIT, () -> stored(store).size() == produced))
                    .as("all records stored: %s, %s", stored(store).size(), inbox.status()).isTrue();
            assertThat(await(WAIT, () -> inbox.status().lagEvents() == 0)).as("every offset committed").isTrue();
            assertThat(inbox.partitions()).extracting(PartitionLag::partition).containsExactly(0, 1, 2);
            assertThat(inbox.partitions()).allSatisfy(p -> assertThat(p.committed()).isEqualTo(p.end()));
            assertThat(inbox.partitions().stream().mapToLong(PartitionLag::end).sum()).isEqualTo(produced);
            WorkerStatus status = inbox.status();
            assertThat(status.kind()).isEqualTo(WorkerKind.INBOX);
            assertThat(status.name()).isEqualTo("inbox.readings");
            assertThat(status.state()).isEqualTo(WorkerState.LIVE);
        }
        // another group with the same inbox name gets every record again, from offset 0: all recognised
        try (KafkaInbox again = inbox("readings", "g-once-again", TRANSLATOR, topic).start(store)) {
            assertThat(await(WAIT, () -> again.status().lagEvents() == 0 && !again.partitions().isEmpty()))
                    .as("the second group read everything").isTrue();
        }
        List<RecordedEvent> events = stored(store);
        assertThat(events).hasSize(produced);
        assertThat(sources(events)).hasSize(produced).containsOnlyKeys(sources(events).keySet())
                .allSatisfy((source, count) -> assertThat(count).as("events from %s", source).isEqualTo(1L));
        assertInOrder(events, 12, 50);
    }

    @Test
    void aRecordWithAMessageIdHeaderIsStoredOnceEvenWhenProducedTwice() throws Exception {
        String topic = broker.createTopic("readings-ids", 3);
        try (KafkaProducer<String, String> producer = Readings.producer(broker.bootstrapServers())) {
            for (int i = 0; i < 2; i++) { // a publisher that sent one message twice, at two offsets
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, "d-1", reading("d-1", 0));
                record.headers().add(KafkaSink.ID_HEADER, "5b7e1c1e-0000-4000-8000-000000000001".getBytes());
                producer.send(record);
            }
            producer.send(new ProducerRecord<>(topic, "d-1", reading("d-1", 1)));
            producer.flush();
        }
        InMemoryEventStore store = new InMemoryEventStore();
        try (KafkaInbox inbox = inbox("ids", "g-ids", TRANSLATOR, topic).start(store)) {
            assertThat(await(WAIT, () -> inbox.partitions().stream().mapToLong(PartitionLag::committed).sum() == 3))
                    .as("the three records committed").isTrue();
        }
        assertThat(sequences(stored(store))).containsExactly(Map.entry("device-d-1", List.of(0, 1)));
    }

    @Test
    void aPoisonRecordIsParkedVisibleTheOthersGoOnAndARetryAfterTheFixStoresIt() throws Exception {
        String topic = broker.createTopic("readings-poison", 3);
        AtomicBoolean fixed = new AtomicBoolean();
        RecordTranslator translator = record -> fixed.get() && record.value().equals("d-2 seq 3")
                ? List.of(InboxEvent.of("device-d-2", "Reading", reading("d-2", 3)))
                : TRANSLATOR.translate(record);
        try (KafkaProducer<String, String> producer = Readings.producer(broker.bootstrapServers())) {
            for (int seq = 0; seq < 10; seq++) {
                for (int d = 0; d < 6; d++) {
                    String value = d == 2 && seq == 3 ? "d-2 seq 3" : reading("d-" + d, seq);
                    producer.send(new ProducerRecord<>(topic, "d-" + d, value));
                }
            }
            producer.flush();
        }
        InMemoryEventStore store = new InMemoryEventStore();
        try (WorkerRegistry workers = WorkerRegistry.open(store, "node-1");
             KafkaInbox inbox = inbox("poison", "g-poison", translator, topic).start(store)) {
            workers.register(inbox);
            assertThat(await(WAIT, () -> stored(store).size() == 59)).as("every other record stored").isTrue();
            assertThat(await(WAIT, () -> workers.status("inbox.poison").lagEvents() == 0)).isTrue();

            WorkerStatus status = workers.status("inbox.poison");
            assertThat(status.parkedEvents()).isEqualTo(1);
            assertThat(status.lastError().message()).contains("record " + topic + "/").contains("parked")
                    .contains("Unrecognized token");
            assertThat(status.node()).isEqualTo("node-1");
            ParkedRecord parked = inbox.parked().getFirst();
            assertThat(parked.key()).isEqualTo("d-2");
            assertThat(parked.value()).isEqualTo("d-2 seq 3");
            assertThat(parked.topic()).isEqualTo(topic);
            assertThat(parked.error()).contains("JsonParseException");
            assertThat(sequences(stored(store)).get("device-d-2")).containsExactly(0, 1, 2, 4, 5, 6, 7, 8, 9);

            String target = Long.toString(parked.position().value());
            assertThatThrownBy(() -> workers.act(OperatorAction.of("inbox.poison", WorkerControl.RETRY_PARKED, target,
                    "ann", "before the fix"))).isInstanceOf(ParkedRecordStillFailsException.class)
                    .hasMessageContaining(parked.coordinates()).hasMessageContaining("stays parked");
            assertThat(inbox.parked()).hasSize(1);
            ParkedRecord again = inbox.parked().getFirst();
            assertThat(again.attempts()).as("parked after 1 attempt, and 1 retry that failed again").isEqualTo(2);
            assertThat(again.error()).contains("JsonParseException");
            assertThat(again.parkedAt()).as("when it was last retried").isAfterOrEqualTo(parked.parkedAt());
            assertThat(workers.get("inbox.poison").parked()).singleElement()
                    .satisfies(work -> assertThat(work.attempts()).as("over the worker model").isEqualTo(2));
            assertThatThrownBy(() -> inbox.retryParked(parked.position()))
                    .isInstanceOf(ParkedRecordStillFailsException.class);
            assertThat(inbox.parked().getFirst().attempts()).isEqualTo(3);
            ParkedRecords elsewhere = new ParkedRecords("poison", "inbox.poison", store);
            elsewhere.refresh();
            assertThat(elsewhere.unresolved()).singleElement()
                    .as("another instance reads the attempts from the store").satisfies(read -> {
                        assertThat(read.attempts()).isEqualTo(3);
                        assertThat(read.position()).isEqualTo(parked.position());
                    });

            fixed.set(true);
            workers.act(OperatorAction.of("inbox.poison", WorkerControl.RETRY_PARKED, target, "ann", "translator fixed"));
            assertThat(inbox.parked()).isEmpty();
            assertThat(workers.status("inbox.poison").parkedEvents()).isZero();
            assertThat(sequences(stored(store)).get("device-d-2")).containsExactly(0, 1, 2, 4, 5, 6, 7, 8, 9, 3);
            assertThat(sources(stored(store))).hasSize(60).allSatisfy((source, count) -> assertThat(count).isEqualTo(1L));

            assertThatThrownBy(() -> inbox.retryParked(parked.position()))
                    .isInstanceOf(ParkedRecordNotFoundException.class).hasMessageContaining("nothing changed");
            assertThat(stored(store)).hasSize(60);
        }
        // a new instance reads the parked stream: the record is resolved, nothing parked
        try (KafkaInbox later = inbox("poison", "g-poison", translator, topic).start(store)) {
            assertThat(later.parked()).isEmpty();
        }
    }

    @Test
    void stopPartitionHoldsThePartitionAtThePoisonRecordUntilItIsSkipped() throws Exception {
        String topic = broker.createTopic("readings-stop", 3);
        try (KafkaProducer<String, String> producer = Readings.producer(broker.bootstrapServers())) {
            for (int seq = 0; seq < 10; seq++) {
                producer.send(new ProducerRecord<>(topic, 0, "d-0", seq == 4 ? "{broken" : reading("d-0", seq)));
                producer.send(new ProducerRecord<>(topic, 1, "d-1", reading("d-1", seq)));
            }
            producer.flush();
        }
        InMemoryEventStore store = new InMemoryEventStore();
        try (KafkaInbox inbox = inbox("stop", "g-stop", TRANSLATOR, topic).poisonPolicy(PoisonPolicy.STOP_PARTITION)
                .start(store)) {
            assertThat(await(WAIT, () -> stored(store).size() == 14)).as("partition 1 whole, partition 0 up to 4").isTrue();
            assertThat(await(WAIT, () -> inbox.partitions().stream().anyMatch(PartitionLag::stopped))).isTrue();
            Thread.sleep(500); // nothing more comes while it is stopped
            assertThat(sequences(stored(store)).get("device-d-0")).containsExactly(0, 1, 2, 3);
            PartitionLag zero = inbox.partitions().getFirst();
            assertThat(zero.committed()).as("not committed past the parked record").isEqualTo(4);
            assertThat(zero.lag()).isEqualTo(6);
            assertThat(inbox.status().parkedEvents()).isEqualTo(1);

            inbox.skipParked(inbox.parked().getFirst().position());
            assertThat(await(WAIT, () -> stored(store).size() == 19)).as("the rest of partition 0 after the skip").isTrue();
            assertThat(sequences(stored(store)).get("device-d-0")).containsExactly(0, 1, 2, 3, 5, 6, 7, 8, 9);
            assertThat(await(WAIT, () -> inbox.status().lagEvents() == 0)).isTrue();
            assertThat(inbox.parked()).isEmpty();
        }
    }

    @Test
    void aSecondInstanceAddedAndTheFirstRemovedMidRunLoseAndDoubleNothing() throws Exception {
        String topic = broker.createTopic("readings-rebalance", 3);
        int devices = 15;
        AtomicInteger rounds = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> producerFailure = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().start(() -> { // produces until told to stop, all along the test
            try (KafkaProducer<String, String> out = Readings.producer(broker.bootstrapServers())) {
                for (int seq = 0; !stop.get(); seq++) {
                    List<Future<RecordMetadata>> round = new ArrayList<>(devices);
                    for (int d = 0; d < devices; d++) {
                        round.add(out.send(new ProducerRecord<>(topic, "d-" + d, reading("d-" + d, seq))));
                    }
                    for (Future<RecordMetadata> sent : round) {
                        sent.get(); // a round the broker did not take would leave a gap in every device's sequence
                    }
                    rounds.incrementAndGet();
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                producerFailure.set(e);
            }
        });
        InMemoryEventStore store = new InMemoryEventStore();
        KafkaInbox first = inbox("rebalance", "g-rebalance", TRANSLATOR, topic).start(store);
        Supplier<String> seen = () -> "stored " + stored(store).size() + " of " + rounds.get() * devices + " produced"
                + (producerFailure.get() == null ? "" : " (producer failed: " + producerFailure.get() + ")")
                + "; first inbox " + first.status().state() + " " + first.status().lastError() + " holding "
                + first.partitions();
        try {
            assertThat(await(WAIT, () -> stored(store).size() > 300)).as(seen).isTrue();
            try (KafkaInbox second = inbox("rebalance", "g-rebalance", TRANSLATOR, topic).start(store)) {
                Supplier<String> both = () -> seen.get() + "; second inbox " + second.status().state() + " "
                        + second.status().lastError() + " holding " + second.partitions();
                assertThat(await(WAIT, () -> !second.partitions().isEmpty()
                        && first.partitions().size() + second.partitions().size() == 3))
                        .as(() -> "the partitions spread over both: " + both.get()).isTrue();
                int before = stored(store).size();
                assertThat(await(WAIT, () -> stored(store).size() > before + 300))
                        .as(() -> "both take records in: " + both.get()).isTrue();
                first.close(); // its partitions move to the second instance while records flow
                assertThat(await(WAIT, () -> second.partitions().size() == 3)).as(both).isTrue();
                int after = stored(store).size();
                assertThat(await(WAIT, () -> stored(store).size() > after + 300))
                        .as(() -> "the second goes on alone: " + both.get()).isTrue();
                stop.set(true);
                producer.join();
                assertThat(producerFailure.get()).as("the producer").isNull();
                int produced = rounds.get() * devices;
                assertThat(await(WAIT, () -> stored(store).size() == produced))
                        .as(() -> "everything stored: " + both.get()).isTrue();
                assertThat(await(WAIT, () -> second.status().lagEvents() == 0)).as(both).isTrue();
            }
        } finally {
            stop.set(true);
            first.close();
        }
        List<RecordedEvent> events = stored(store);
        assertThat(sources(events)).hasSize(rounds.get() * devices)
                .allSatisfy((source, count) -> assertThat(count).as("events from %s", source).isEqualTo(1L));
        assertInOrder(events, devices, rounds.get());
    }

    @Test
    void anUnknownParkedPositionIsATypedErrorAndChangesNothing() throws Exception {
        String topic = broker.createTopic("readings-unknown", 3);
        InMemoryEventStore store = new InMemoryEventStore();
        try (KafkaInbox inbox = inbox("unknown", "g-unknown", TRANSLATOR, topic).start(store)) {
            assertThatThrownBy(() -> inbox.skipParked(Position.of(42))).isInstanceOf(ParkedRecordNotFoundException.class)
                    .hasMessageContaining("no record parked at position 42");
            assertThat(store.head()).isEqualTo(Position.START);
        }
    }

    @Test
    void itsStatusAnswersAtOnceWhileTheStoreHangs() throws Exception {
        String topic = broker.createTopic("readings-hang", 3);
        HangingStore store = new HangingStore(new InMemoryEventStore());
        try (KafkaInbox inbox = inbox("hang", "g-hang", TRANSLATOR, topic).start(store)) {
            store.hang(); // from here on, the parked-record read at assignment and every append hang
            Readings.produce(broker.bootstrapServers(), topic, 3, 10);
            assertThat(await(WAIT, () -> store.hanging() > 0)).as("the consumer thread hangs in the store").isTrue();
            Thread.sleep(200);
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                WorkerStatus status = inbox.status();
                assertThat(status.kind()).isEqualTo(WorkerKind.INBOX);
                assertThat(status.parkedEvents()).isZero();
                assertThat(inbox.parked()).isEmpty();
                inbox.partitions();
            });
            store.release();
            assertThat(await(WAIT, () -> stored(store).size() == 30)).isTrue();
        } finally {
            store.release();
        }
    }

    @Test
    void aStoreThatIsDownWhenPartitionsAreAssignedHoldsThemUntilItAnswersAndLosesNothing() throws Exception {
        String topic = broker.createTopic("readings-down", 3);
        int produced = Readings.produce(broker.bootstrapServers(), topic, 6, 20);
        HangingStore store = new HangingStore(new InMemoryEventStore());
        store.down(); // the parked-record read at assignment fails, as do the appends
        try (KafkaInbox inbox = inbox("down", "g-down", TRANSLATOR, topic).start(store)) {
            assertThat(await(WAIT, () -> store.refused() > 2)).as("it keeps trying").isTrue();
            WorkerStatus status = inbox.status();
            assertThat(status.state()).as("a store that does not answer is waited for, not a failure")
                    .isEqualTo(WorkerState.RETRYING);
            assertThat(status.retrying()).isNotNull();
            assertThat(status.lastError().message()).contains("went away");
            assertThat(stored(store)).isEmpty();

            store.up();
            assertThat(await(WAIT, () -> stored(store).size() == produced)).as(() -> "stored " + stored(store).size()
                    + " of " + produced + "; " + inbox.status()).isTrue();
            assertThat(sources(stored(store))).hasSize(produced)
                    .allSatisfy((source, count) -> assertThat(count).isEqualTo(1L));
            assertInOrder(stored(store), 6, 20);
            assertThat(await(WAIT, () -> inbox.status().state() == WorkerState.LIVE)).isTrue();
        }
    }

    @Test
    void pausedItTakesNothingAndResumedItGoesOn() throws Exception {
        String topic = broker.createTopic("readings-pause", 3);
        InMemoryEventStore store = new InMemoryEventStore();
        try (KafkaInbox inbox = inbox("pause", "g-pause", TRANSLATOR, topic).start(store)) {
            assertThat(await(WAIT, () -> inbox.partitions().size() == 3)).isTrue();
            inbox.pause();
            Thread.sleep(300); // the loop applies the pause at its next poll, within 100 ms
            int produced = Readings.produce(broker.bootstrapServers(), topic, 3, 10);
            Thread.sleep(1_000);
            assertThat(stored(store)).isEmpty();
            assertThat(inbox.status().state()).isEqualTo(WorkerState.PAUSED);
            inbox.resume();
            assertThat(await(WAIT, () -> stored(store).size() == produced)).isTrue();
        }
    }
}
