package dev.vellum.projection;

import dev.vellum.worker.spi.WorkerNames;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.serde.UnknownEventTypeException;
import dev.vellum.store.LogFilter;
import dev.vellum.time.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A named, versioned reader of the global log that builds a read model: the event types it
 * handles, its handler, how to set up an empty read model, what to do when the handler fails, and
 * how many partitions may run in parallel. A {@link ProjectionRunner} runs it from its checkpoint.
 *
 * <p>A projection is replay-safe by contract: resets and rebuilds run it again from position 0, so
 * its handler changes nothing but its read model. Side effects (emails, calls to other services)
 * belong to reactors, a separate kind of handler that a rebuild never runs; this class is final so
 * nothing else can pass for a projection.
 *
 * <pre>{@code
 * Projection<SqlContext> summary = Projection.builder("order-summary", SqlContext.class)
 *         .version(2)
 *         .handles("OrderPlaced", "OrderConfirmed")
 *         .setup(sql -> sql.createTable("order_summary", "(order_id TEXT PRIMARY KEY, status TEXT)"))
 *         .handler((sql, event) -> sql.update("INSERT INTO {order_summary} ...", ...))
 *         .build();
 * }</pre>
 *
 * @param <C> what the handler writes through: {@link ProjectionContext} for destinations outside
 *     the checkpoint store (at least once), a richer context such as
 *     {@link dev.vellum.projection.sql.SqlContext} for read models that commit with the checkpoint
 *     (exactly once)
 */
public final class Projection<C> {

    /** The most partitions a projection may have. */
    public static final int MAX_PARTITIONS = 64;

    /** How a failing event is retried unless set: 6 attempts (5 retries) from 100 ms doubling up to 5 s. */
    public static final Retries DEFAULT_RETRIES = new Retries(6, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)));

    private final ProjectionId id;
    private final LogFilter filter;
    private final ProjectionHandler<C> handler;
    private final ReadModelSetup<C> setup;
    private final Retries retries;
    private final ErrorPolicy errorPolicy;
    private final int partitions;
    private final boolean keepPreviousVersion;

    private Projection(Builder<C> b) {
        this.id = new ProjectionId(b.name, b.version);
        this.filter = new LogFilter(b.categories, b.types);
        if (b.handler == null) {
            throw new InvalidProjectionException("Projection '" + b.name + "' has no handler: set one with handler(...).");
        }
        this.handler = b.handler;
        this.setup = b.setup;
        this.retries = b.retries;
        this.errorPolicy = b.errorPolicy;
        this.partitions = b.partitions;
        this.keepPreviousVersion = b.keepPreviousVersion;
    }

    /** Starts defining a projection whose handler writes outside the checkpoint store (at least once). */
    public static Builder<ProjectionContext> builder(String name) {
        return new Builder<>(name);
    }

    /**
     * Starts defining a projection whose handler writes through a context of type {@code context},
     * for example {@code SqlContext.class} for an exactly-once SQL read model.
     */
    public static <C extends ProjectionContext> Builder<C> builder(String name, Class<C> context) {
        Objects.requireNonNull(context, "context");
        return new Builder<>(name);
    }

    /** Its name and version. */
    public ProjectionId id() {
        return id;
    }

    /** Which events it reads: the types it handles, and the stream categories when limited. */
    public LogFilter filter() {
        return filter;
    }

    /** Its handler. */
    public ProjectionHandler<C> handler() {
        return handler;
    }

    /** How an empty read model of a version is prepared. */
    public ReadModelSetup<C> setup() {
        return setup;
    }

    /** How an event the handler fails on is retried. */
    public Retries retries() {
        return retries;
    }

    /** What happens to an event the handler still fails on after its retries. */
    public ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /** How many partitions (by stream) run in parallel; 1 unless set. */
    public int partitions() {
        return partitions;
    }

    /** True when the previous version's read model is kept, not dropped, once this version takes over. */
    public boolean keepPreviousVersion() {
        return keepPreviousVersion;
    }

    @Override
    public String toString() {
        return "Projection[" + id + ", " + filter + ", partitions=" + partitions + "]";
    }

    /**
     * Defines a {@link Projection}. Only the handler is required: version 1, every event type, no
     * setup, {@link #DEFAULT_RETRIES}, {@link ErrorPolicy#STOP} and one partition unless set.
     *
     * @param <C> what the handler writes through
     */
    public static final class Builder<C> {

        private final String name;
        private int version = 1;
        private Set<String> types = Set.of();
        private Set<String> categories = Set.of();
        private ProjectionHandler<C> handler;
        private ReadModelSetup<C> setup = ReadModelSetup.none();
        private Retries retries = DEFAULT_RETRIES;
        private ErrorPolicy errorPolicy = ErrorPolicy.STOP;
        private int partitions = 1;
        private boolean keepPreviousVersion;

        private Builder(String name) {
            this.name = WorkerNames.check("projection", name, "order-summary");
        }

        /** The version, 1 unless set: raise it to rebuild the read model beside the current one. */
        public Builder<C> version(int newVersion) {
            this.version = newVersion;
            return this;
        }

        /** The event types the handler gets; every type unless set. */
        public Builder<C> handles(String... eventTypes) {
            this.types = Set.of(eventTypes);
            return this;
        }

        /** The event types the handler gets; every type unless set. */
        public Builder<C> handles(Set<String> eventTypes) {
            this.types = Set.copyOf(eventTypes);
            return this;
        }

        /**
         * The event types the handler gets, as the record classes {@code registry} maps them to: their
         * names there, and the old names renamed to them. A class the registry does not know fails
         * here, where a misspelt name would match nothing.
         *
         * @throws UnknownEventTypeException when a class is not registered in {@code registry}
         */
        public Builder<C> handles(EventTypes registry, Class<?>... eventClasses) {
            return handles(registry.typeNamesOf(eventClasses));
        }

        /** Only events of streams in these categories (e.g. {@code order}); every category unless set. */
        public Builder<C> categories(String... streamCategories) {
            this.categories = Set.of(streamCategories);
            return this;
        }

        /** The handler, required. */
        public Builder<C> handler(ProjectionHandler<C> newHandler) {
            this.handler = Objects.requireNonNull(newHandler, "handler");
            return this;
        }

        /** Prepares an empty read model of a version, e.g. creates tables; nothing unless set. */
        public Builder<C> setup(ReadModelSetup<C> newSetup) {
            this.setup = Objects.requireNonNull(newSetup, "setup");
            return this;
        }

        /**
         * How an event the handler fails on is retried, each attempt in its own transaction, before the
         * {@linkplain #errorPolicy error policy} decides; {@link #DEFAULT_RETRIES} unless set,
         * {@link Retries#none()} to go to it at the first error. An error that waiting can cure (the
         * read-model database restarting) spends no attempt.
         */
        public Builder<C> retries(Retries newRetries) {
            this.retries = Objects.requireNonNull(newRetries, "retries");
            return this;
        }

        /** What to do with an event that still fails after its retries; {@link ErrorPolicy#STOP} unless set. */
        public Builder<C> errorPolicy(ErrorPolicy policy) {
            this.errorPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Runs the handler on {@code count} partitions in parallel; events of one stream always go to
         * the same partition, in order. Worth it when the handler waits on something other than the
         * checkpoint store; 1 unless set.
         */
        public Builder<C> partitions(int count) {
            if (count < 1 || count > MAX_PARTITIONS) {
                throw new InvalidProjectionException("Projection '" + name + "' asks for " + count
                        + " partitions: use 1 to " + MAX_PARTITIONS + ".");
            }
            this.partitions = count;
            return this;
        }

        /** Keeps the previous version's read model when this version takes over, instead of dropping it. */
        public Builder<C> keepPreviousVersion() {
            this.keepPreviousVersion = true;
            return this;
        }

        /** The projection. @throws InvalidProjectionException when no handler was set */
        public Projection<C> build() {
            return new Projection<>(this);
        }
    }
}
