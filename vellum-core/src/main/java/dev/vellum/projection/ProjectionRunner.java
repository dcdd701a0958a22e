package dev.vellum.projection;

import dev.vellum.store.LogReader;
import dev.vellum.store.LogSubscriber;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs projections against one event store. Each projection version runs on a thread of its own:
 * it catches up from its checkpoint in batches, one transaction per batch, then follows new appends
 * as they commit (woken by the store, not by polling). Stopping and starting again resumes exactly
 * after the last committed batch.
 *
 * <pre>{@code
 * try (ProjectionRunner runner = ProjectionRunner.create(store)) {
 *     RunningProjection summary = runner.start(orderSummary, readModel);
 *     summary.awaitCheckpoint(store.head(), Duration.ofSeconds(10));
 *     System.out.println(summary.status());
 * }
 * }</pre>
 *
 * <p><b>Versions.</b> Starting a projection whose version is higher than the one serving queries
 * builds the new version beside the old one, from position 0, into its own read model (its own
 * tables in SQL) while the old one keeps serving (and following new events, if it runs in this
 * runner too). Once the new version has caught up it takes over in one transaction and the old
 * version is stopped and dropped, or kept if the projection says {@code keepPreviousVersion()}.
 *
 * <p><b>Rebuilds.</b> An operator can build the serving version again without a new version
 * ({@link RunningProjection#rebuild()}, the {@code REBUILD} control): its next generation is built the
 * same way, beside it, and takes over the same way. The runner keeps one handle per version, which
 * stands for whichever generation serves; the generation being built is a worker of its own meanwhile.
 * A restart resumes the generation that serves and a rebuild in progress. An operator may abandon a
 * rebuild instead ({@link RunningProjection#cancelRebuild()}, {@code CANCEL_REBUILD}): it is dropped,
 * and the generation serving queries goes on untouched.
 *
 * <p><b>Workers.</b> Each started version is a {@link dev.vellum.worker.Worker}: it can be paused
 * and resumed, and its status has the one shape of every worker. A runner built with a
 * {@link Builder#registry registry} registers each version it starts there.
 *
 * <p><b>Only projections.</b> A runner runs {@link Projection}s, whose handlers change nothing but
 * their read model, so replaying them is safe. It has no way to run anything with side effects.
 */
public final class ProjectionRunner implements AutoCloseable {

    private final LogReader reader;
    private final LogSubscriber subscriber;
    private final RunnerSettings settings;
    private final WorkerRegistry registry;
    private final Map<ProjectionId, ProjectionWorker<?>> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ProjectionRunner(Builder builder) {
        this.reader = builder.reader;
        this.subscriber = builder.subscriber;
        this.settings = new RunnerSettings(builder.batchSize, builder.stallAfter);
        this.registry = builder.registry;
    }

    /** A runner over {@code log} (usually the {@code EventStore}) with the default settings. */
    public static <S extends LogReader & LogSubscriber> ProjectionRunner create(S log) {
        return builder(log).build();
    }

    /** Starts configuring a runner over {@code log}. */
    public static <S extends LogReader & LogSubscriber> Builder builder(S log) {
        Objects.requireNonNull(log, "log");
        return new Builder(log, log);
    }

    /**
     * Starts {@code projection}, keeping its progress in {@code store}: sets up its read model if
     * this version never ran, resumes from its checkpoint otherwise.
     *
     * @throws ProjectionVersionException when this version already runs here, or a newer version
     *     serves queries
     * @throws ProjectionException when setting up the read model fails
     */
    public synchronized <C extends ProjectionContext> RunningProjection start(Projection<? super C> projection,
            CheckpointStore<C> store) {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(store, "store");
        if (closed) {
            throw new ProjectionException("This projection runner is closed: create a new one.");
        }
        ProjectionWorker<?> existing = workers.get(key(projection.id()));
        if (existing != null && existing.running()) {
            throw new ProjectionVersionException("Projection '" + projection.id()
                    + "' is already running in this runner; stop it before starting it again.");
        }
        if (existing != null) {
            existing.supersede();
        }
        ProjectionWorker<C> worker = new ProjectionWorker<>(projection, store, reader, subscriber, settings,
                (successor, old, keep) -> retire(store, old, keep), registry);
        worker.start();
        workers.put(key(projection.id()), worker);
        if (registry != null) {
            registry.replace(worker);
        }
        return worker;
    }

    /** The projection version started here under {@code id} (whatever its generation), running or stopped. */
    public Optional<RunningProjection> find(ProjectionId id) {
        return Optional.ofNullable(workers.get(key(id)));
    }

    /** The key of a version in {@link #workers}: its first generation, whichever serves. */
    private static ProjectionId key(ProjectionId id) {
        return id.withGeneration(1);
    }

    /** Every projection version started here and not replaced since, by name and version. */
    public List<RunningProjection> projections() {
        return workers.values().stream().<RunningProjection>map(w -> w)
                .sorted(Comparator.comparing((RunningProjection p) -> p.id().name())
                        .thenComparingInt(p -> p.id().version()))
                .toList();
    }

    /** The status of each of {@link #projections()}. */
    public List<WorkerStatus> statuses() {
        return projections().stream().map(RunningProjection::status).toList();
    }

    /** Stops every projection; each finishes the batch it is applying. */
    @Override
    public synchronized void close() {
        closed = true;
        workers.values().forEach(ProjectionWorker::stop);
    }

    /**
     * Stops the version {@code old} (a generation of it) once a newer version took over, and drops its
     * read model unless {@code keep}; a rebuild of it that was in progress is dropped in any case.
     */
    private <C extends ProjectionContext> void retire(CheckpointStore<C> store, ProjectionId old, boolean keep) {
        ProjectionWorker<?> previous = workers.remove(key(old));
        if (previous != null) {
            previous.supersede();
            if (registry != null) {
                registry.unregister(previous);
            }
        }
        if (!keep) {
            drop(store, old);
        }
        if (old.generation() < ProjectionId.MAX_GENERATION) {
            ProjectionId unfinished = old.withGeneration(old.generation() + 1);
            if (store.checkpoints(unfinished).isPresent()) {
                drop(store, unfinished);
            }
        }
    }

    private static <C extends ProjectionContext> void drop(CheckpointStore<C> store, ProjectionId id) {
        try (CheckpointStore.Transaction<C> tx = store.begin(id)) {
            tx.drop();
            tx.commit();
        }
    }

    /** Settings for a {@link ProjectionRunner}; each has a default. */
    public static final class Builder {

        private final LogReader reader;
        private final LogSubscriber subscriber;
        private int batchSize = 1_000;
        private Duration stallAfter = Duration.ofSeconds(30);
        private WorkerRegistry registry;

        private Builder(LogReader reader, LogSubscriber subscriber) {
            this.reader = reader;
            this.subscriber = subscriber;
        }

        /** The most events applied in one transaction; 1,000 unless set. */
        public Builder batchSize(int events) {
            if (events < 1 || events > 100_000) {
                throw new IllegalArgumentException("batchSize must be 1 to 100,000, got " + events);
            }
            this.batchSize = events;
            return this;
        }

        /**
         * How long a projection may make no progress, with work waiting or its heartbeat silent,
         * before its status says {@link WorkerState#STALLED}; 30 seconds unless set.
         */
        public Builder stallAfter(Duration threshold) {
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("stallAfter must be positive, got " + threshold);
            }
            this.stallAfter = threshold;
            return this;
        }

        /**
         * Registers each projection version it starts in {@code workers} (in place of an earlier start of
         * the same version), and removes a version once a newer one took over from it; none unless set.
         */
        public Builder registry(WorkerRegistry workers) {
            this.registry = Objects.requireNonNull(workers, "workers");
            return this;
        }

        /** The runner. */
        public ProjectionRunner build() {
            return new ProjectionRunner(this);
        }
    }
}
