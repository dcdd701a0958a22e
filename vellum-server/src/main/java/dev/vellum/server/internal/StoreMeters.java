package dev.vellum.server.internal;

import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.postgres.WatermarkLag;
import dev.vellum.store.EventStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store's watermark lag ({@link PostgresEventStore#lag()}), read once as each scrape
 * begins: the committed events held back below the oldest running transaction, how long that
 * transaction has run, and the readable and committed positions. A lag that cannot be read (the
 * database unreachable) shows as NaN until the next scrape reads it. Other stores have no watermark,
 * and no such gauges.
 */
public final class StoreMeters {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMeters.class);

    private final PostgresEventStore postgres;
    private final AtomicReference<WatermarkLag> last = new AtomicReference<>();

    /** Gauges of {@code store} in {@code registry}, when it is a PostgreSQL store. */
    public StoreMeters(EventStore store, MeterRegistry registry) {
        this.postgres = store instanceof PostgresEventStore pg ? pg : null;
        if (postgres != null) {
            gauge(registry, "vellum.postgres.watermark.lag.events", null,
                    "Committed events not yet readable, held back by the oldest running transaction", WatermarkLag::eventsWaiting);
            gauge(registry, "vellum.postgres.watermark.oldest.transaction", "seconds",
                    "How long the oldest transaction holding the watermark has run; 0 when none holds it",
                    l -> l.oldestTransaction().toNanos() / 1e9);
            gauge(registry, "vellum.postgres.watermark.readable", null, "The last position reads return",
                    l -> l.readable().value());
            gauge(registry, "vellum.postgres.watermark.committed", null, "The last position committed, readable or not",
                    l -> l.committed().value());
        }
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
            ToDoubleFunction<WatermarkLag> value) {
        Gauge.builder(name, last, l -> l.get() == null ? Double.NaN : value.applyAsDouble(l.get()))
                .baseUnit(unit).description(description).register(registry);
    }

    /** Reads the lag now, for the scrape that begins. */
    public void refresh() {
        if (postgres == null) {
            return;
        }
        try {
            last.set(postgres.lag());
        } catch (RuntimeException e) {
            last.set(null);
            LOG.debug("The watermark lag could not be read for /metrics", e);
        }
    }
}
