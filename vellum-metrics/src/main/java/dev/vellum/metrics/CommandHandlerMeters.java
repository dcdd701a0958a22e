package dev.vellum.metrics;

import dev.vellum.decider.CommandAnswers;
import dev.vellum.decider.CommandHandler;
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
                h -> h.stats().commands());
        counter(registry, aggregate, handler, "appends", "Atomic appends made (queued commands of a stream are appended together)",
                h -> h.stats().appends());
        counter(registry, aggregate, handler, "conflicts", "Appends refused because another writer appended first",
                h -> h.stats().conflicts());
        counter(registry, aggregate, handler, "retries", "Decisions made again after a conflict, after a delay",
                h -> h.stats().retries());
        counter(registry, aggregate, handler, "reloads", "States read again after a conflict or to confirm a kept state",
                h -> h.stats().reloads());
        counter(registry, aggregate, handler, "given.up", "Commands that ended in a command conflict, their retries run out",
                h -> h.stats().givenUp());
        counter(registry, aggregate, handler, "cache.hits",
                "Idle streams whose commands were decided from the cached state, with no read", h -> h.cacheStats().hits());
        counter(registry, aggregate, handler, "cache.misses",
                "Idle streams whose commands found no cached state and read the stream", h -> h.cacheStats().misses());
        counter(registry, aggregate, handler, "cache.stale",
                "Kept states an append refused because another writer appended after them", h -> h.cacheStats().stale());
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

    /** Registers {@code vellum.command.handler.<name>}, reading {@code value} of the handler at each scrape. */
    private static void counter(MeterRegistry registry, String aggregate, CommandHandler<?, ?, ?> handler, String name,
            String description, ToLongFunction<CommandHandler<?, ?, ?>> value) {
        FunctionCounter.builder("vellum.command.handler." + name, handler, h -> value.applyAsLong(h))
                .description(description).tag("aggregate", aggregate).register(registry);
    }
}
