package dev.vellum.spring.boot.internal;

import dev.vellum.metrics.WorkerMeters;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sets the worker gauges from the statuses every few seconds while the context runs: Boot's registries
 * are scraped without telling the application, so the gauges are kept fresh on a schedule instead of
 * before each scrape (as the Vellum server does).
 */
public final class MetersRefresher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(MetersRefresher.class);

    private final WorkerMeters meters;
    private final Duration every;
    private ScheduledExecutorService scheduler;

    /** Refreshes {@code meters} every {@code every}. */
    public MetersRefresher(WorkerMeters meters, Duration every) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("vellum.metrics.refresh must be positive, got " + every);
        }
        this.meters = meters;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("vellum-worker-meters").factory());
            scheduler.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void refresh() {
        try {
            meters.refresh();
        } catch (RuntimeException | Error e) { // a scheduled task that throws is never run again
            LOG.warn("Could not set the Vellum worker gauges; trying again in {}", every, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
