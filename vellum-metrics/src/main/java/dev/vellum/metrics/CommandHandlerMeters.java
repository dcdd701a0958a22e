package dev.vellum.metrics;

import dev.vellum.decider.CommandAnswers;
import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandStats;
import dev.vellum.decider.StateCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * One {@link CommandHandler}'s meters, tagged {@code aggregate}, read from the handler's counters at
 * each scrape ({@link CommandHandler#stats()} and {@link CommandHandler#answers()} answer at once):
 * what the handler answered every caller, in the process or over HTTP, by outcome
 * ({@code vellum.command.handler.answers}, tag {@code outcome} {@code accepted}, {@code rejected},
 * {@code failed}), the timer {@code vellum.command.handler} (count and total time its callers waited),
 * and what contention cost it ({@code vellum.command.handler.commands}, {@code .appends},
 * {@code .conflicts}, {@code .retries}, {@code .reloads}, {@code .given.up}), and what its state cache
 * saved and cost ({@code vellum.command.handler.cache.hits}, {@code .misses} and {@code .stale}, from
 * {@link CommandHandler#cacheStats()}). The Vellum server registers
 * them for the handlers it takes commands for, the Spring Boot starter for the application's handler beans.
 *
 * <pre>{@code
 * CommandHandlerMeters.register("order", orders, meterRegistry);
 * }</pre>
 */
public final class CommandHandlerMeters {

    private CommandHandlerMeters() {
    }

    /** Registers the meters of {@code handler}, tagged {@code aggregate}, in {@code registry}. */
    public static void register(String aggregate, CommandHandler<?, ?, ?> handler, MeterRegistry registry) {
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(registry, "registry");
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
