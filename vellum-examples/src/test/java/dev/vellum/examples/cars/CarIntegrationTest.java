package dev.vellum.examples.cars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.examples.support.Deployment;
import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.integration.memory.InMemorySink;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Three internal events of one command leave as one external event, on both stores, once per append even across a restart. */
class CarIntegrationTest {

    @TempDir
    static Path root;

    static Stream<String> deployments() {
        return Stream.of("memory", "sqlite");
    }

    private final InMemorySink sink = new InMemorySink();

    private IntegrationPublisher publish(Deployment deployment) {
        return deployment.start(new Deployment.Starter<>() {
            @Override
            public <C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>> IntegrationPublisher start(
                    EventStore store, CheckpointStore<C> checkpoints, S timers) {
                return IntegrationPublisher.builder("car-events", new CarTranslator(), sink).categories("car")
                        .start(store, checkpoints);
            }
        });
    }

    private static void handle(Deployment deployment, String car, Car.Command command, String commandId) {
        CommandHandler.builder(deployment.store(), Car.TYPES, Car.Event.class, Car.DECIDER).build()
                .handle(StreamId.of("car", car), command, CommandMetadata.of(commandId));
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void preparingACarLeavesAsOneMaintenanceDoneAndASaleAsOneSold(String kind) throws Exception {
        try (Deployment deployment = kind.equals("memory") ? Deployment.inMemory() : Deployment.sqlite(root.resolve(kind))) {
            try (IntegrationPublisher publisher = publish(deployment)) {
                handle(deployment, "7", new Car.Command.Prepare("Roadster", "red"), "prepare-7");
                handle(deployment, "8", new Car.Command.Prepare("Van", "grey"), "prepare-8");
                assertThat(publisher.awaitCheckpoint(deployment.store().head(), Duration.ofSeconds(10))).isTrue();
            }
            deployment.restart();
            try (IntegrationPublisher publisher = publish(deployment)) {
                handle(deployment, "7", new Car.Command.Sell("Ada"), "sell-7");
                assertThat(publisher.awaitCheckpoint(deployment.store().head(), Duration.ofSeconds(10))).isTrue();
            }
        }
        assertThat(sink.delivered()).extracting(IntegrationMessage::type, IntegrationMessage::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("car.maintenance-done", "car-7"),
                org.assertj.core.groups.Tuple.tuple("car.maintenance-done", "car-8"),
                org.assertj.core.groups.Tuple.tuple("car.sold", "car-7"));
        assertThat(sink.delivered().getFirst().data())
                .isEqualTo("{\"car\":\"car-7\",\"model\":\"Roadster\",\"seatColour\":\"red\",\"steps\":3}");
    }
}
