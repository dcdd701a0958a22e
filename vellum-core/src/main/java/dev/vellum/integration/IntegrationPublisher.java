package dev.vellum.integration;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.internal.CheckpointedFollower;
import dev.vellum.worker.spi.WorkerNames;
import dev.vellum.retry.Retries;
import dev.vellum.store.EventStore;
import dev.vellum.store.InvalidNameException;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Backoff;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes external events: follows the global log from its own checkpoint, gathers the events of
 * each append, has the {@link EventTranslator} turn them into external events, delivers those to an
 * {@link IntegrationSink}, and only then moves its checkpoint past the append.
 *
 * <ul>
 * <li><b>At least once.</b> A crash after delivering and before saving the checkpoint delivers the
 *     append again, with the same message ids (derived from the publisher and the append's first
 *     event), so receivers can drop the repeat.</li>
 * <li><b>In order per key.</b> Appends are published one at a time in log order, and a failed
 *     delivery is retried with backoff, never skipped: nothing after it goes out first. Its status
 *     shows {@code RETRYING} meanwhile, with the last error and when it tries again.</li>
 * <li><b>Stops rather than skips.</b> A {@link PermanentDeliveryException} stops the publisher in
 *     state {@link SubscriptionState#FAILED}; start it again once the cause is fixed.</li>
 * </ul>
 *
 * <pre>{@code
 * try (IntegrationPublisher cars = IntegrationPublisher.builder("car-events", translator, kafkaSink)
 *         .categories("car").start(store, readModel)) { ... }
 * }</pre>
 *
 * <p>A new publisher starts at the first event of the log, so the receiver gets the history too,
 * unless told to {@link Builder#startAtHead()}.
 *
 * <p>It is a {@link Worker} of kind {@code INTEGRATION_PUBLISHER} named {@code integration.<name>}:
 * paused, it delivers nothing (a delivery in progress finishes, a wait between retries ends) and
 * resuming goes on from its checkpoint; resuming also starts it again after it failed.
 */
public final class IntegrationPublisher implements AutoCloseable, Worker {

    private final String name;
    private final AtomicLong delivered;
    private final CheckpointedFollower<?> follower;

    private IntegrationPublisher(String name, AtomicLong delivered, CheckpointedFollower<?> follower) {
        this.name = name;
        this.delivered = delivered;
        this.follower = follower;
    }

    /**
     * Starts defining a publisher.
     *
     * @param name 1-80 letters, digits, {@code _ - .}; its checkpoint is kept under it, and its message ids derive from it
     * @throws InvalidNameException when the name breaks that rule
     */
    public static Builder builder(String name, EventTranslator translator, IntegrationSink sink) {
        return new Builder(name, translator, sink);
    }

    /**
     * Why it stopped, when it failed, as the exception itself for code that needs its type and cause
     * (its status shows the last error as a {@link dev.vellum.worker.WorkerError}).
     */
    public Optional<Throwable> failure() {
        return follower.failure();
    }

    /** The position up to which everything is published (or needed no publishing). */
    public Position checkpoint() {
        return follower.checkpoint();
    }

    /** How many messages it has delivered since it started (repeats after a failure included). */
    public long deliveredCount() {
        return delivered.get();
    }

    /** Its worker name, {@code integration.<name>}. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.INTEGRATION_PUBLISHER;
    }

    @Override
    public WorkerStatus status() {
        return follower.status(0, 0);
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.INTEGRATION_PUBLISHER.controls();
    }

    @Override
    public void pause() {
        follower.pause();
    }

    @Override
    public void resume() {
        follower.resume();
    }

    /** Waits until its checkpoint reaches {@code target}; true when it did within {@code timeout}. */
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        return follower.awaitCheckpoint(target, timeout);
    }

    /** Stops publishing; a delivery in progress finishes first, a wait between retries ends at once. */
    @Override
    public void close() {
        follower.close();
    }

    /** Settings for an {@link IntegrationPublisher}. */
    public static final class Builder {

        private final String name;
        private final EventTranslator translator;
        private final IntegrationSink sink;
        private Set<String> categories = Set.of();
        private Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
        private boolean fromHead;

        private Builder(String name, EventTranslator translator, IntegrationSink sink) {
            this.name = WorkerNames.check("integration publisher", name, "car-events");
            this.translator = Objects.requireNonNull(translator, "translator");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /** Only appends to streams of these categories; every category unless set. */
        public Builder categories(String... streamCategories) {
            this.categories = Set.of(streamCategories);
            return this;
        }

        /** The waits between attempts after a failed delivery; 200 ms doubling up to 30 s unless set. */
        public Builder backoff(Backoff newBackoff) {
            this.backoff = Objects.requireNonNull(newBackoff, "backoff");
            return this;
        }

        /** Makes a new publisher (one without a checkpoint) start at the head of the log, skipping history. */
        public Builder startAtHead() {
            this.fromHead = true;
            return this;
        }

        /**
         * Starts publishing.
         *
         * @param store the event store to read
         * @param checkpoints where the publisher's checkpoint lives (under {@code integration.<name>})
         */
        public <C extends ProjectionContext> IntegrationPublisher start(EventStore store, CheckpointStore<C> checkpoints) {
            ProjectionId id = ProjectionId.of("integration." + name, 1);
            AtomicLong delivered = new AtomicLong();
            // a delivery is retried by its handler for as long as it fails; any other error (its checkpoint not
            // saved) fails the publisher at once, unless waiting can cure it
            CheckpointedFollower.Settings settings = new CheckpointedFollower.Settings("Publisher '" + name + "'",
                    WorkerKind.INTEGRATION_PUBLISHER, id, !fromHead, new LogFilter(categories, Set.of()), Retries.none());
            return new IntegrationPublisher(id.name(), delivered, CheckpointedFollower.start(settings, store, checkpoints,
                    view -> new AppendPublisher<>(store, checkpoints, id, name, translator, sink, backoff, delivered, view),
                    Optional::empty));
        }
    }
}
