package dev.vellum.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of what goes through the server: appends (events, latency, conflicts, rejections) and
 * commands (by aggregate and outcome, with latency). Micrometer names, which the Prometheus scrape
 * writes with {@code _} and unit suffixes: {@code vellum.append} becomes {@code vellum_append_seconds}.
 */
public final class ServerMetrics {

    private final MeterRegistry registry;
    private final Timer appends;
    private final Counter events;
    private final Counter conflicts;

    /** Meters in {@code registry}. */
    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.appends = Timer.builder("vellum.append").description("Appends through the server, until committed")
                .publishPercentileHistogram().register(registry);
        this.events = Counter.builder("vellum.append.events").description("Events appended through the server")
                .register(registry);
        this.conflicts = Counter.builder("vellum.append.conflicts")
                .description("Appends refused for a wrong expected revision").register(registry);
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** An append of {@code count} events committed after {@code took}. */
    public void appended(int count, Duration took) {
        appends.record(took);
        events.increment(count);
    }

    /** An append refused: a conflict, or bad input of {@code type}. */
    public void appendRefused(ProblemType type) {
        if (type == ProblemType.WRONG_EXPECTED_REVISION) {
            conflicts.increment();
        } else {
            Counter.builder("vellum.append.rejections").description("Appends refused for bad input, by problem type")
                    .tag("problem", type.name().toLowerCase()).register(registry).increment();
        }
    }

    /** A command on {@code aggregate} answered with {@code outcome} after {@code took}. */
    public void command(String aggregate, String outcome, Duration took) {
        Timer.builder("vellum.command").description("Commands through the server, by aggregate and outcome")
                .tag("aggregate", aggregate).tag("outcome", outcome).publishPercentileHistogram()
                .register(registry).record(took);
    }
}
