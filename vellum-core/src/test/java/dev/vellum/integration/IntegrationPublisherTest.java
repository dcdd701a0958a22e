package dev.vellum.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.integration.memory.InMemorySink;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher on the in-memory store: appends translated whole, at least once, in order, with stable ids. */
class IntegrationPublisherTest {

    sealed interface CarEvent {
        record CarCreated(String car) implements CarEvent {
        }

        record SeatsColoured(String car, String colour) implements CarEvent {
        }

        record CarWashed(String car) implements CarEvent {
        }
    }

    record Prepare(String colour) {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("CarCreated", CarEvent.CarCreated.class)
            .register("SeatsColoured", CarEvent.SeatsColoured.class)
            .register("CarWashed", CarEvent.CarWashed.class)
            .build();

    /** One command records three events in one append. */
    static final Decider<Prepare, String, CarEvent> CARS = Decider.of("new", (Prepare command, String state) -> {
        String car = "car";
        return Decision.accept(new CarEvent.CarCreated(car), new CarEvent.SeatsColoured(car, command.colour()),
                new CarEvent.CarWashed(car));
    }, (String state, CarEvent event) -> "prepared");

    /** Many internal events of one append, one external event; nothing for other appends. */
    static final EventTranslator MAINTENANCE_DONE = append -> {
        List<String> types = append.stream().map(RecordedEvent::type).toList();
        if (!types.containsAll(List.of("CarCreated", "SeatsColoured", "CarWashed"))) {
            return List.of();
        }
        String colour = append.stream().filter(e -> e.type().equals("SeatsColoured"))
                .map(e -> TYPES.deserialize(e, CarEvent.SeatsColoured.class).colour()).findFirst().orElseThrow();
        return List.of(ExternalEvent.json("car.maintenance-done", append.getFirst().stream().value(),
                new MaintenanceDone(append.getFirst().stream().value(), colour, append.size())));
    };

    record MaintenanceDone(String car, String colour, int steps) {
    }

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final InMemorySink sink = new InMemorySink();
    private final CommandHandler<Prepare, String, CarEvent> cars = CommandHandler.builder(store, TYPES, CarEvent.class, CARS).build();

    @AfterEach
    void closeStore() {
        store.close();
    }

    private IntegrationPublisher.Builder publisher() {
        return IntegrationPublisher.builder("car-events", MAINTENANCE_DONE, sink).categories("car")
                .backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)));
    }

    private void prepare(int car) {
        cars.handle(StreamId.of("car", car), new Prepare("red-" + car), CommandMetadata.of("prepare-" + car));
    }

    @Test
    void theInternalEventsOfOneAppendLeaveAsOneExternalEvent() throws Exception {
        try (IntegrationPublisher publisher = publisher().start(store, checkpoints)) {
            prepare(1);
            store.append(StreamId.of("car-1"), ExpectedRevision.any(), TYPES.serialize(new CarEvent.CarWashed("car")));
            assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue();
        }
        assertThat(sink.delivered()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo("car.maintenance-done");
            assertThat(m.key()).isEqualTo("car-1");
            assertThat(m.data()).isEqualTo("{\"car\":\"car-1\",\"colour\":\"red-1\",\"steps\":3}");
            assertThat(m.source()).isEqualTo(Position.of(3));
        });
    }

    /**
     * Three events of one plain {@code store.append} (no command) reach the translator in one call,
     * and the next append to the same stream in another, whatever the appends' sizes.
     */
    @Test
    void theEventsOfOnePlainAppendAreTranslatedTogether() throws Exception {
        List<List<String>> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventTranslator recording = append -> {
            calls.add(append.stream().map(RecordedEvent::type).toList());
            return MAINTENANCE_DONE.translate(append);
        };
        StreamId car = StreamId.of("car-7");
        try (IntegrationPublisher publisher = IntegrationPublisher.builder("car-events", recording, sink).categories("car")
                .start(store, checkpoints)) {
            store.append(car, ExpectedRevision.noStream(), List.of(TYPES.serialize(new CarEvent.CarCreated("car")),
                    TYPES.serialize(new CarEvent.SeatsColoured("car", "blue")), TYPES.serialize(new CarEvent.CarWashed("car"))));
            store.append(car, ExpectedRevision.exactly(2), TYPES.serialize(new CarEvent.CarWashed("car")));
            store.append(car, ExpectedRevision.exactly(3), List.of(TYPES.serialize(new CarEvent.CarWashed("car")),
                    TYPES.serialize(new CarEvent.CarWashed("car"))));
            assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue();
        }
        assertThat(calls).containsExactly(List.of("CarCreated", "SeatsColoured", "CarWashed"), List.of("CarWashed"),
                List.of("CarWashed", "CarWashed"));
        assertThat(sink.delivered()).singleElement().satisfies(m -> {
            assertThat(m.data()).isEqualTo("{\"car\":\"car-7\",\"colour\":\"blue\",\"steps\":3}");
            assertThat(m.source()).isEqualTo(Position.of(3));
        });
    }

    @Test
    void deliveriesAreRetriedUntilTheyWorkAndNothingOvertakesThem() throws Exception {
        sink.failNext(3);
        try (IntegrationPublisher publisher = publisher().start(store, checkpoints)) {
            for (int car = 1; car <= 5; car++) {
                prepare(car);
            }
            assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
            assertThat(publisher.status().state()).as("going on, not retrying").isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
        }
        assertThat(sink.attempts()).isEqualTo(8);
        assertThat(sink.delivered()).extracting(IntegrationMessage::key)
                .containsExactly("car-1", "car-2", "car-3", "car-4", "car-5");
    }

    /** A receiver down for a while: the publisher shows it is retrying (not LIVE, then STALLED), and goes on after. */
    @Test
    void aDeliveryThatKeepsFailingShowsAsRetryingUntilItWorks() throws Exception {
        sink.failNext(Integer.MAX_VALUE);
        try (IntegrationPublisher publisher = IntegrationPublisher.builder("car-events", MAINTENANCE_DONE, sink)
                .categories("car").backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(20))).start(store, checkpoints)) {
            prepare(1);
            await("a delivery tried again", () -> sink.attempts() >= 3);
            WorkerStatus retrying = publisher.status();
            assertThat(retrying.state()).isEqualTo(WorkerState.RETRYING);
            assertThat(retrying.retrying()).isNotNull();
            assertThat(retrying.retrying().attempt()).isGreaterThanOrEqualTo(2);
            assertThat(retrying.retrying().lastError()).hasMessageContaining("told to fail");
            sink.failNext(0);
            assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue();
            await("going on", () -> publisher.status().state() == WorkerState.LIVE);
            assertThat(publisher.status().retrying()).isNull();
        }
        assertThat(sink.delivered()).extracting(IntegrationMessage::key).containsExactly("car-1");
    }

    @Test
    void aRestartResumesAfterTheCheckpointAndARedeliveryKeepsTheIds() throws Exception {
        try (IntegrationPublisher publisher = publisher().start(store, checkpoints)) {
            prepare(1);
            assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue();
        }
        prepare(2);
        FailOnce failing = new FailOnce(checkpoints);
        try (IntegrationPublisher publisher = publisher().start(store, failing)) {
            await("the checkpoint could not be saved", () -> publisher.status().state() == WorkerState.FAILED);
        }
        try (IntegrationPublisher publisher = publisher().start(store, checkpoints)) {
            assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue();
        }
        List<IntegrationMessage> delivered = sink.delivered();
        assertThat(delivered).extracting(IntegrationMessage::key).containsExactly("car-1", "car-2", "car-2");
        assertThat(delivered.get(1).id()).isEqualTo(delivered.get(2).id()).isNotEqualTo(delivered.get(0).id());
    }

    @Test
    void aPermanentFailureStopsThePublisherInsteadOfSkipping() throws Exception {
        IntegrationSink refusing = messages -> {
            throw new PermanentDeliveryException("HTTP 401: wrong secret");
        };
        try (IntegrationPublisher publisher = IntegrationPublisher.builder("car-events", MAINTENANCE_DONE, refusing)
                .start(store, checkpoints)) {
            prepare(1);
            await("the publisher stopped", () -> publisher.status().state() == WorkerState.FAILED);
            assertThat(publisher.failure()).get().asString().contains("wrong secret");
            assertThat(checkpoints.checkpoints(ProjectionId.of("integration.car-events", 1)).orElseThrow().low())
                    .isEqualTo(Position.START);
        }
    }

    @Test
    void aPublisherToldToStartAtTheHeadSkipsHistory() throws Exception {
        prepare(1);
        try (IntegrationPublisher publisher = publisher().startAtHead().start(store, checkpoints)) {
            prepare(2);
            assertThat(publisher.awaitCheckpoint(store.head(), Duration.ofSeconds(5))).isTrue();
        }
        assertThat(sink.delivered()).extracting(IntegrationMessage::key).containsExactly("car-2");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A checkpoint store whose first checkpoint save fails, as a crash right after a delivery would. */
    static final class FailOnce implements CheckpointStore<ProjectionContext> {
        private final InMemoryCheckpointStore delegate;
        private final AtomicInteger saves = new AtomicInteger();

        FailOnce(InMemoryCheckpointStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean exactlyOnce() {
            return false;
        }

        @Override
        public Optional<Checkpoints> checkpoints(ProjectionId projection) {
            return delegate.checkpoints(projection);
        }

        @Override
        public Optional<ProjectionId> active(String name) {
            return delegate.active(name);
        }

        @Override
        public List<ParkedEvent> parkedEvents(ProjectionId projection) {
            return new ArrayList<>(delegate.parkedEvents(projection));
        }

        @Override
        public Transaction<ProjectionContext> begin(ProjectionId projection) {
            Transaction<ProjectionContext> tx = delegate.begin(projection);
            if (saves.incrementAndGet() == 1) {
                tx.close();
                throw new IllegalStateException("injected: the process died after delivering");
            }
            return tx;
        }
    }
}
