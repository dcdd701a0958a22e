package dev.vellum.integration;

import dev.vellum.integration.internal.AppendGroup;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.internal.CheckpointedFollower;
import dev.vellum.projection.internal.FollowerView;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.time.Backoff;
import dev.vellum.time.Retrying;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's handler for one run of its {@link CheckpointedFollower}: for each append,
 * translate, deliver (retrying with backoff until it succeeds, the failure is permanent, or the run
 * is stopped), then save the checkpoint at the append's last event. A delivery is retried here, for
 * as long as it fails, rather than by the follower: nothing after it may go out first, and no number
 * of attempts makes skipping it right.
 *
 * @param <C> the checkpoint store's transaction context
 */
final class AppendPublisher<C extends ProjectionContext> implements CheckpointedFollower.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(AppendPublisher.class);

    private final EventStore store;
    private final CheckpointStore<C> checkpoints;
    private final ProjectionId id;
    private final String name;
    private final EventTranslator translator;
    private final IntegrationSink sink;
    private final Backoff backoff;
    private final AtomicLong delivered;
    private final FollowerView view;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Position published = Position.START;
    private volatile Retrying retrying; // while a delivery fails, for the status

    /**
     * @param id where the checkpoint is kept
     * @param name the publisher's name, which its message ids derive from
     * @param delivered counts the messages delivered, across runs
     * @param view told of each failed delivery
     */
    public AppendPublisher(EventStore store, CheckpointStore<C> checkpoints, ProjectionId id, String name,
            EventTranslator translator, IntegrationSink sink, Backoff backoff, AtomicLong delivered, FollowerView view) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.id = id;
        this.name = name;
        this.translator = translator;
        this.sink = sink;
        this.backoff = backoff;
        this.delivered = delivered;
        this.view = view;
    }

    @Override
    public void handle(RecordedEvent event) throws Exception {
        if (stopped.getCount() == 0 || !event.position().isAfter(published)) {
            return; // stopping, or delivered with an earlier event of its append
        }
        List<RecordedEvent> append = AppendGroup.from(store, event);
        List<ExternalEvent> external = translator.translate(append);
        if (!external.isEmpty() && !deliver(messages(append, external))) {
            return; // stopping: the checkpoint stays before this append
        }
        Position last = append.getLast().position();
        try (CheckpointStore.Transaction<C> tx = checkpoints.begin(id)) {
            tx.saveCheckpoint(0, last);
            tx.commit();
        }
        published = last;
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

    /** Delivers until it works; false when stopped first. The status shows it retrying meanwhile. */
    private boolean deliver(List<IntegrationMessage> messages) throws InterruptedException {
        try {
            return deliverUntilDone(messages);
        } finally {
            retrying = null;
        }
    }

    private boolean deliverUntilDone(List<IntegrationMessage> messages) throws InterruptedException {
        for (int attempt = 1; stopped.getCount() > 0; attempt++) {
            try {
                sink.deliver(messages);
                delivered.addAndGet(messages.size());
                return true;
            } catch (PermanentDeliveryException e) {
                throw e;
            } catch (Exception e) {
                view.error(e, messages.getFirst().source());
                Duration wait = backoff.delay(attempt);
                Instant next = Instant.now().plus(wait);
                Retrying was = retrying;
                retrying = was == null ? new Retrying(e, 1, Instant.now(), next) : was.then(e, next);
                LOG.warn("Publisher '{}' could not deliver {} message(s) from position {} (attempt {}); retrying in {}",
                        name, messages.size(), messages.getFirst().source(), attempt, wait, e);
                if (stopped.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
        }
        return false;
    }

    /** While a delivery fails: the last error, the attempts so far and when it tries again. */
    @Override
    public Optional<Retrying> retrying() {
        return Optional.ofNullable(retrying);
    }

    /** Ends a wait between deliveries now; later events are passed over. */
    @Override
    public void stop() {
        stopped.countDown();
    }
}
