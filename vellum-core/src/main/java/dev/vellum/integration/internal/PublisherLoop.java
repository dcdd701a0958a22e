package dev.vellum.integration.internal;

import dev.vellum.integration.EventTranslator;
import dev.vellum.integration.ExternalEvent;
import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.IntegrationSink;
import dev.vellum.integration.PermanentDeliveryException;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.Backoff;
import dev.vellum.time.Retrying;
import dev.vellum.worker.internal.FollowerView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's work on its subscription's thread: for each append, translate, deliver (retrying
 * with backoff until it succeeds, the failure is permanent, or the publisher closes), then save the
 * checkpoint at the append's last event.
 *
 * @param <C> the checkpoint store's transaction context
 */
public final class PublisherLoop<C extends ProjectionContext> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherLoop.class);

    private final EventStore store;
    private final CheckpointStore<C> checkpoints;
    private final ProjectionId id;
    private final String name;
    private final EventTranslator translator;
    private final IntegrationSink sink;
    private final Backoff backoff;
    private final FollowerView view;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closed = lock.newCondition();
    private final AtomicLong delivered = new AtomicLong();
    private final Subscription subscription;
    private volatile Position published;
    private volatile boolean closing;

    private PublisherLoop(EventStore store, CheckpointStore<C> checkpoints, ProjectionId id, String name, LogFilter filter,
            EventTranslator translator, IntegrationSink sink, Backoff backoff, boolean fromHead, FollowerView view) {
        this.store = store;
        this.view = view;
        this.checkpoints = checkpoints;
        this.id = id;
        this.name = name;
        this.translator = translator;
        this.sink = sink;
        this.backoff = backoff;
        this.published = checkpoints.checkpoints(id).map(Checkpoints::low)
                .orElseGet(() -> save(fromHead ? store.head() : Position.START, true));
        this.subscription = store.subscribe(published, filter, view.around(this::handle));
    }

    /**
     * Starts following the log from the saved checkpoint (a new one at the start or the head), telling
     * {@code view} of each event handled and each failed delivery.
     */
    public static <C extends ProjectionContext> PublisherLoop<C> start(EventStore store, CheckpointStore<C> checkpoints,
            ProjectionId id, String name, LogFilter filter, EventTranslator translator, IntegrationSink sink,
            Backoff backoff, boolean fromHead, FollowerView view) {
        return new PublisherLoop<>(store, checkpoints, id, name, filter, translator, sink, backoff, fromHead, view);
    }

    private void handle(RecordedEvent event) throws Exception {
        if (closing || !event.position().isAfter(published)) {
            return; // closing, or delivered with an earlier event of its append
        }
        List<RecordedEvent> append = AppendGroup.from(store, event);
        List<ExternalEvent> external = translator.translate(append);
        if (!external.isEmpty() && !deliver(messages(append, external))) {
            return; // closing: the checkpoint stays before this append
        }
        save(append.getLast().position(), false);
    }

    private List<IntegrationMessage> messages(List<RecordedEvent> append, List<ExternalEvent> external) {
        RecordedEvent last = append.getLast();
        List<IntegrationMessage> messages = new ArrayList<>(external.size());
        for (int i = 0; i < external.size(); i++) {
            String seed = "vellum-integration\u0000" + name + "\u0000" + append.getFirst().id() + "\u0000" + i;
            messages.add(new IntegrationMessage(UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)),
                    external.get(i), last.position(), last.recordedAt()));
        }
        return messages;
    }

    /** Delivers until it works; false when the publisher closed first. */
    private boolean deliver(List<IntegrationMessage> messages) throws InterruptedException {
        for (int attempt = 1; !closing; attempt++) {
            try {
                sink.deliver(messages);
                delivered.addAndGet(messages.size());
                return true;
            } catch (PermanentDeliveryException e) {
                throw e;
            } catch (Exception e) {
                view.error(e, messages.getFirst().source());
                Duration wait = backoff.delay(attempt);
                LOG.warn("Publisher '{}' could not deliver {} message(s) from position {} (attempt {}); retrying in {}",
                        name, messages.size(), messages.getFirst().source(), attempt, wait, e);
                pause(wait);
            }
        }
        return false;
    }

    private void pause(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            if (!closing) {
                closed.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private Position save(Position position, boolean first) {
        try (CheckpointStore.Transaction<C> tx = checkpoints.begin(id)) {
            if (first) {
                tx.resetCheckpoints(Checkpoints.at(1, position));
            } else {
                tx.saveCheckpoint(0, position);
            }
            tx.commit();
        }
        published = position;
        return position;
    }

    /** Its subscription's state. */
    public SubscriptionState state() {
        return subscription.state();
    }

    /** While its subscription retries a failure that waiting can cure. */
    public Optional<Retrying> retrying() {
        return subscription.retrying();
    }

    /** Why it failed. */
    public Optional<Throwable> failure() {
        return subscription.failure();
    }

    /** The position up to which everything is published or passed over. */
    public Position checkpoint() {
        return subscription.position();
    }

    /** Messages delivered. */
    public long delivered() {
        return delivered.get();
    }

    /** Waits for the checkpoint. */
    public boolean awaitCheckpoint(Position target, Duration timeout) throws InterruptedException {
        return subscription.awaitPosition(target, timeout);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            closed.signalAll();
        } finally {
            lock.unlock();
        }
        subscription.close();
    }
}
