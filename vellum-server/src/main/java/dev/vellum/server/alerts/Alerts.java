package dev.vellum.server.alerts;

import dev.vellum.time.VellumClock;
import dev.vellum.worker.WorkerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an operator when a worker of a {@link WorkerRegistry} is in trouble, and when it recovers: it
 * looks at the registry's statuses (from memory, so it never waits for a worker) every
 * {@link Builder#every}, and for each {@link Incident} sends one {@link Alert} when it opens and one
 * when it is resolved, through each {@link Notifier}. Delivery runs on a thread per notifier, so a
 * notifier that fails, retries or hangs delays neither the workers nor the other notifiers.
 *
 * <pre>{@code
 * try (Alerts alerts = Alerts.builder(workers)
 *         .notifier(new LogNotifier())
 *         .notifier(WebhookNotifier.builder(URI.create("https://ops.example.com/hooks/vellum"), secret).build())
 *         .overdueAfter(Duration.ofMinutes(5))
 *         .start()) {
 *     alerts.openIncidents();   // what is wrong now
 *     alerts.recentlyResolved(); // what was, lately
 * }
 * }</pre>
 *
 * <p>Incidents live in memory: alerts started again (a restart of the process) open again the
 * incidents that still hold, with new ids.
 */
public final class Alerts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final WorkerRegistry registry;
    private final VellumClock clock;
    private final IncidentTracker tracker;
    private final List<Delivery> deliveries;
    private final ScheduledExecutorService looker;

    private Alerts(Builder b) {
        this.registry = b.registry;
        this.clock = b.clock;
        this.tracker = new IncidentTracker(b.overdueAfter);
        List<Notifier> notifiers = b.notifiers.isEmpty() ? List.of(new LogNotifier()) : b.notifiers;
        List<Delivery> all = new ArrayList<>();
        for (int i = 0; i < notifiers.size(); i++) {
            all.add(new Delivery(notifiers.get(i), "vellum-alerts-" + registry.node() + "-" + i));
        }
        this.deliveries = List.copyOf(all);
        this.looker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("vellum-alerts-look-" + registry.node()).factory());
        looker.scheduleWithFixedDelay(this::look, 0, b.every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Alerts about the workers of {@code registry}. */
    public static Builder builder(WorkerRegistry registry) {
        return new Builder(registry);
    }

    /** The incidents open now, oldest first; for a console's "open alerts". */
    public List<Incident> openIncidents() {
        synchronized (tracker) {
            return tracker.open();
        }
    }

    /**
     * The incidents resolved lately (the last 100), newest first, each as the {@link Alert} that
     * resolved it: the incident as the worker was when it recovered, and when that was seen ({@link Alert#at()}).
     */
    public List<Alert> recentlyResolved() {
        synchronized (tracker) {
            return tracker.resolved();
        }
    }

    private void look() {
        try {
            List<Alert> alerts;
            synchronized (tracker) {
                alerts = tracker.look(registry.statuses(), clock.instant());
            }
            for (Alert alert : alerts) {
                for (Delivery delivery : deliveries) {
                    delivery.offer(alert);
                }
            }
        } catch (RuntimeException | Error e) { // a scheduled task that throws is never run again
            LOG.error("The alerts of node '{}' could not look at the workers; looking again at the next tick",
                    registry.node(), e);
        }
    }

    /** Stops looking; waits up to 2 s per notifier for alerts still being delivered, then gives them up. */
    @Override
    public void close() {
        looker.shutdownNow();
        deliveries.forEach(Delivery::close);
    }

    /** Settings of {@link Alerts}. */
    public static final class Builder {
        private final WorkerRegistry registry;
        private final List<Notifier> notifiers = new ArrayList<>();
        private Duration overdueAfter = Duration.ofMinutes(1);
        private Duration every = Duration.ofSeconds(1);
        private VellumClock clock = VellumClock.system();

        private Builder(WorkerRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Adds a notifier; with none, alerts go to the log ({@link LogNotifier}). */
        public Builder notifier(Notifier notifier) {
            notifiers.add(Objects.requireNonNull(notifier, "notifier"));
            return this;
        }

        /** How long timers may stay due, not fired, before that is an incident; 1 minute unless set. */
        public Builder overdueAfter(Duration threshold) {
            this.overdueAfter = positive(threshold, "overdueAfter");
            return this;
        }

        /** How often it looks at the statuses; 1 s unless set. */
        public Builder every(Duration interval) {
            this.every = positive(interval, "every");
            return this;
        }

        /** The clock that measures how long timers are overdue; the system clock unless set. */
        public Builder clock(VellumClock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** Starts looking. */
        public Alerts start() {
            return new Alerts(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
