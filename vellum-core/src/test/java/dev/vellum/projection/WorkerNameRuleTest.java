package dev.vellum.projection;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.integration.memory.InMemorySink;
import dev.vellum.process.ProcessManager;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.Reactor;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.InvalidNameException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One rule, and one typed error, for the names of every kind of worker. */
class WorkerNameRuleTest {

    private static final EventTypes TYPES = EventTypes.builder().build();

    private static final EffectOutcomes<Object> OUTCOMES = new EffectOutcomes<>() {
        @Override
        public Object succeeded(Effect effect, String receipt) {
            return receipt;
        }

        @Override
        public Object failed(Effect effect, String error) {
            return error;
        }
    };

    /** Each kind's builder, handed a name. */
    private static final List<Consumer<String>> BUILDERS = List.of(
            Projection::builder,
            name -> Reactor.builder(name, TYPES, OUTCOMES),
            name -> ProcessManager.builder(name, TYPES, Object.class),
            name -> IntegrationPublisher.builder(name, append -> List.of(), new InMemorySink()));

    @ParameterizedTest
    @ValueSource(strings = {"order-summary", "points-assignment", "v2.emails_daily", "a"})
    void everyKindTakesTheSameNames(String name) {
        for (Consumer<String> builder : BUILDERS) {
            builder.accept(name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/ed", "colon:ed", "\u00E9t\u00E9", "tab\there"})
    void everyKindRefusesTheSameNamesWithTheSameTypedError(String name) {
        for (Consumer<String> builder : BUILDERS) {
            assertThatThrownBy(() -> builder.accept(name)).isInstanceOf(InvalidNameException.class)
                    .hasMessageContaining("'" + name + "'").hasMessageContaining("letters, digits, '_', '-' or '.'");
        }
    }

    @Test
    void theLimitIsTheSameForEveryKind() {
        for (Consumer<String> builder : BUILDERS) {
            builder.accept("n".repeat(80));
            assertThatThrownBy(() -> builder.accept("n".repeat(81))).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> builder.accept(null)).isInstanceOf(InvalidNameException.class);
        }
    }
}
