package dev.vellum.server.internal;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandStats;
import dev.vellum.decider.StateCacheStats;
import dev.vellum.server.CommandEndpoint;
import dev.vellum.decider.CommandAnswers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Counters of what contention costs each command handler the server takes commands for, read from
 * {@link CommandHandler#stats()} (which answers at once) at each scrape, tagged {@code aggregate}: every
 * command the handler decides, sent over HTTP or by the application itself. What happened to the
 * commands sent over HTTP (accepted, rejected, conflict, and their latency) is {@code vellum.command}
 * in {@link ServerMetrics}; what the handler answered all its callers, in the process too, is
 * {@code vellum.command.handler.answers} by outcome ({@code accepted}, {@code rejected},
 * {@code failed}) and the timer {@code vellum.command.handler} (count and total time), read from
 * {@link CommandHandler#answers()}; what the handler's state cache saved and cost is
 * {@code vellum.command.handler.cache.hits}, {@code .misses} and {@code .stale}, read from
 * {@link CommandHandler#cacheStats()}.
 */
public final class HandlerMeters {

    private HandlerMeters() {
    }

    /** Registers the counters of every endpoint's handler in {@code registry}. */
    public static void register(Map<String, CommandEndpoint<?, ?, ?>> endpoints, MeterRegistry registry) {
        endpoints.forEach((aggregate, endpoint) -> {
            CommandHandler<?, ?, ?> handler = endpoint.handler();
            counter(registry, aggregate, handler, "commands", "Commands decided (not those answered from the log by their id)",
                    CommandStats::commands);
            counter(registry, aggregate, handler, "appends", "Atomic appends made (queued commands of a stream are appended together)",
                    CommandStats::appends);
            counter(registry, aggregate, handler, "conflicts", "Appends refused because another writer appended first",
                    CommandStats::conflicts);
            counter(registry, aggregate, handler, "retries", "Decisions made again after a conflict, after a delay",
                    CommandStats::retries);
            counter(registry, aggregate, handler, "reloads", "States read again after a conflict or to confirm a kept state",
                    CommandStats::reloads);
            counter(registry, aggregate, handler, "given.up", "Commands that ended in a command conflict, their retries run out",
                    CommandStats::givenUp);
            cache(registry, aggregate, handler, "hits", "Idle streams whose commands were decided from the cached state, with no read",
                    StateCacheStats::hits);
            cache(registry, aggregate, handler, "misses", "Idle streams whose commands found no cached state and read the stream",
                    StateCacheStats::misses);
            cache(registry, aggregate, handler, "stale", "Kept states an append refused because another writer appended after them",
                    StateCacheStats::stale);
            answers(registry, aggregate, handler, "accepted", CommandAnswers::accepted);
            answers(registry, aggregate, handler, "rejected", CommandAnswers::rejected);
            answers(registry, aggregate, handler, "failed", CommandAnswers::failed);
            FunctionTimer.builder("vellum.command.handler", handler, h -> h.answers().count(),
                            h -> h.answers().totalTime().toNanos(), TimeUnit.NANOSECONDS)
                    .description("Commands the handler answered, sent in the process or over HTTP, and the time"
                            + " their callers waited").tag("aggregate", aggregate).register(registry);
        });
    }

    private static void answers(MeterRegistry registry, String aggregate, CommandHandler<?, ?, ?> handler,
            String outcome, ToLongFunction<CommandAnswers> value) {
        FunctionCounter.builder("vellum.command.handler.answers", handler, h -> value.applyAsLong(h.answers()))
                .description("Commands the handler answered, sent in the process or over HTTP, by outcome")
                .tag("aggregate", aggregate).tag("outcome", outcome).register(registry);
    }

    private static void cache(MeterRegistry registry, String aggregate, CommandHandler<?, ?, ?> handler, String name,
            String description, ToLongFunction<StateCacheStats> value) {
        FunctionCounter.builder("vellum.command.handler.cache." + name, handler, h -> value.applyAsLong(h.cacheStats()))
                .description(description).tag("aggregate", aggregate).register(registry);
    }

    private static void counter(MeterRegistry registry, String aggregate, CommandHandler<?, ?, ?> handler, String name,
            String description, ToLongFunction<CommandStats> value) {
        FunctionCounter.builder("vellum.command.handler." + name, handler, h -> value.applyAsLong(h.stats()))
                .description(description).tag("aggregate", aggregate).register(registry);
    }
}
