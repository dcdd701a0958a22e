package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.integration.ExternalEvent;
import dev.vellum.integration.IntegrationMessage;
import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.integration.memory.InMemorySink;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sqlite.SQLiteDataSource;

/**
 * An integration publisher declared as a bean ({@code IntegrationPublisher.Builder}) runs with the
 * context: it delivers the external events of the log to its sink, shows in the registry, and stops
 * when the context closes. Under leases it is refused, since every instance would publish.
 */
class IntegrationPublisherBeansTest {

    @TempDir
    Path dir;

    @Test
    void aPublisherBeanDeliversTheLogsExternalEventsAndStopsWithTheContext() {
        AtomicReference<IntegrationPublisher> running = new AtomicReference<>();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class))
                .withPropertyValues("vellum.sqlite.path=" + dir.resolve("vellum.db"))
                .withUserConfiguration(Publisher.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    EventStore store = context.getBean(EventStore.class);
                    var appended = store.append(StreamId.of("car", 7), ExpectedRevision.noStream(),
                            EventData.of("CarRegistered", "{\"plate\":\"AB-12\"}"));
                    WorkerRegistry registry = context.getBean(WorkerRegistry.class);
                    IntegrationPublisher publisher = (IntegrationPublisher) registry.get("integration.car-events");
                    running.set(publisher);
                    assertThat(publisher.kind()).isEqualTo(WorkerKind.INTEGRATION_PUBLISHER);
                    assertThat(publisher.awaitCheckpoint(appended.position(), Duration.ofSeconds(10))).isTrue();
                    assertThat(context.getBean(InMemorySink.class).delivered()).extracting(IntegrationMessage::type)
                            .containsExactly("car.registered");
                });
        assertThat(running.get().status().state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void underLeasesPublishersAreRefusedWithWhatToDo() {
        SQLiteDataSource leases = new SQLiteDataSource();
        leases.setUrl("jdbc:sqlite:" + dir.resolve("leases.db"));
        EventStore store = new InMemoryEventStore();
        try (SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read-models.db"));
                WorkerRegistry registry = WorkerRegistry.open(store, "n1")) {
            assertThatThrownBy(() -> new VellumWorkers(store, readModel, registry, List.of(), List.of(), List.of(),
                    List.of(new Publisher().carEvents(new InMemorySink())), null,
                    new VellumWorkers.LeaseOptions(leases, "n1", Duration.ofSeconds(10))))
                    .isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("integration publisher").hasMessageContaining("vellum.leases.enabled");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Publisher {
        @Bean
        InMemorySink sink() {
            return new InMemorySink();
        }

        @Bean
        IntegrationPublisher.Builder carEvents(InMemorySink sink) {
            return IntegrationPublisher.builder("car-events",
                    append -> append.stream().map(e -> new ExternalEvent("car.registered", e.stream().toString(), e.data()))
                            .toList(), sink).categories("car");
        }
    }
}
