package dev.vellum.integration;

import dev.vellum.integration.internal.PublisherLoop;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.internal.WorkerNames;
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
import dev.vellum.worker.internal.FollowerView;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

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
 *     delivery is retried with backoff, never skipped: nothing after it goes out first.</li>
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
    private final FollowerView view;
    private final Supplier<PublisherLoop<?>> starter;
    private volatile PublisherLoop<?> loop;
    private volatile boolean paused;
    private volatile long deliveredBefore;

    private IntegrationPublisher(String name, EventStore store, LogFilter filter, Starter starter) {
        this.name = "integration." + name;
        this.view = new FollowerView(this.name, WorkerKind.INTEGRATION_PUBLISHER, store, filter, this::checkpoint);
        this.starter = () -> starter.start(view);
        this.loop = this.starter.get();
    }

    /** Starts a publisher loop reporting to a view. */
    private interface Starter {
        PublisherLoop<?> start(FollowerView view);
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
        return loop.failure();
    }

    /** The position up to which everything is published (or needed no publishing). */
    public Position checkpoint() {
        return loop.checkpoint();
    }

    /** How many messages it has delivered since it started (repeats after a failure included). */
    public long deliveredCount() {
        return deliveredBefore + loop.delivered();
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
        PublisherLoop<?> current = loop;
        return view.status(current.state(), current.failure(), paused, current.checkpoint(),
                current.retrying().orElse(null), 0, 0);
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.INTEGRATION_PUBLISHER.controls();
    }

    @Override
    public synchronized void pause() {
        if (!paused && running(loop.state())) {
            paused = true;
            loop.close();
        }
    }

    @Override
    public synchronized void resume() {
        if (!running(loop.state())) {
            deliveredBefore += loop.delivered();
            loop = starter.get();
        }
        paused = false;
    }

    private static boolean running(SubscriptionState state) {
        return state != SubscriptionState.FAILED && state != SubscriptionState.CLOSED;
    }

    /** Waits until its checkpoint reaches {@code target}; true when it did within {@code timeout}. */
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        return loop.awaitCheckpoint(target, timeout);
    }

    /** Stops publishing; a delivery in progress finishes first, a wait between retries ends at once. */
    @Override
    public synchronized void close() {
        paused = false;
        loop.close();
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
            LogFilter filter = new LogFilter(categories, Set.of());
            return new IntegrationPublisher(name, store, filter, view -> PublisherLoop.start(store, checkpoints,
                    ProjectionId.of("integration." + name, 1), name, filter, translator, sink, backoff, fromHead, view));
        }
    }
}
