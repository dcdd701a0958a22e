package dev.vellum.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A handler's meters follow what it answered, read at each look, tagged with the aggregate. */
class CommandHandlerMetersTest {

    /** A counter's only event. */
    record Added(int amount) {
    }

    private static final Decider<Integer, Integer, Added> COUNTER =
            Decider.of(0, CommandHandlerMetersTest::decide, (total, added) -> total + added.amount());

    private static Decision<Added> decide(Integer amount, Integer total) {
        if (amount < 0) {
            throw new IllegalStateException("a negative amount is a bug in this test's caller");
        }
        if (amount == 0) {
            return Decision.reject("nothing", "add 1 or more");
        }
        return Decision.accept(new Added(amount));
    }

    @Test
    void answersByOutcomeLatencyAndAppendsAreReadFromTheHandler() {
        CommandHandler<Integer, Integer, Added> counters = CommandHandler.builder(new InMemoryEventStore(),
                EventTypes.builder().register("Added", Added.class).build(), Added.class, COUNTER).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandHandlerMeters.register("counter", counters, registry);

        StreamId stream = StreamId.of("counter", 1);
        counters.handle(stream, 2);
        counters.handle(stream, 3);
        counters.handle(stream, 0);
        assertThatThrownBy(() -> counters.handle(stream, -1)).isInstanceOf(IllegalStateException.class);

        assertThat(registry.get("vellum.command.handler.answers").tags("aggregate", "counter", "outcome", "accepted")
                .functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("vellum.command.handler.answers").tags("aggregate", "counter", "outcome", "rejected")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("vellum.command.handler.answers").tags("aggregate", "counter", "outcome", "failed")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("vellum.command.handler").tag("aggregate", "counter").functionTimer().count()).isEqualTo(4);
        assertThat(registry.get("vellum.command.handler").tag("aggregate", "counter").functionTimer()
                .totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("vellum.command.handler.appends").tag("aggregate", "counter").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("vellum.command.handler.commands").tag("aggregate", "counter").functionCounter().count())
                .isEqualTo(counters.stats().commands());
        assertThat(registry.get("vellum.command.handler.cache.hits").tag("aggregate", "counter").functionCounter().count())
                .isEqualTo(counters.cacheStats().hits());
        assertThat(registry.get("vellum.command.handler.cache.misses").tag("aggregate", "counter").functionCounter()
                .count()).isEqualTo(counters.cacheStats().misses());
        assertThat(registry.get("vellum.command.handler.cache.stale").tag("aggregate", "counter").functionCounter()
                .count()).isEqualTo(counters.cacheStats().stale());
    }
}
