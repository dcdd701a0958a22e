package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.metrics.WorkerMeters;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.spring.boot.autoconfigure.VellumActuatorAutoConfiguration;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.spring.boot.autoconfigure.VellumMetricsAutoConfiguration;
import dev.vellum.spring.boot.internal.MetersRefresher;
import dev.vellum.store.StreamId;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the application does not use is not started: with the starter and no Vellum bean, no store
 * file, no Vellum thread, no worker, health or meter bean; a bean that needs the store opens it at
 * start (and only it); a worker bean starts the workers with their health and gauges.
 */
class UnusedFeaturesTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class,
                        VellumActuatorAutoConfiguration.class, VellumMetricsAutoConfiguration.class))
                .withUserConfiguration(TestBeans.Meters.class)
                .withPropertyValues("vellum.sqlite.path=" + dir.resolve("store/vellum.db"), "vellum.metrics.refresh=50ms");
    }

    @Test
    void withNoVellumBeanNoStoreIsOpenedNoThreadStartedAndNoWorkerHealthOrMeterMade() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(dir.resolve("store")).doesNotExist();
            assertThat(newVellumThreads(before)).isEmpty();
            assertThat(context).doesNotHaveBean(VellumWorkers.class).doesNotHaveBean(WorkersHealthContributor.class)
                    .doesNotHaveBean(WorkerMeters.class).doesNotHaveBean(MetersRefresher.class);
            assertThat(context.getBean(MeterRegistry.class).getMeters())
                    .noneMatch(m -> m.getId().getName().startsWith("vellum"));
        });
    }

    @Test
    void aBeanThatNeedsTheStoreOpensItAtStartAndMetersItsHandler() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        runner().withUserConfiguration(TestBeans.Orders.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(dir.resolve("store/vellum.db")).exists();
            assertThat(dir.resolve("store/read-models.db")).as("no read model is needed").doesNotExist();
            assertThat(newVellumThreads(before)).contains("vellum-sqlite-writer").doesNotContain("vellum-worker-meters");
            assertThat(context).doesNotHaveBean(VellumWorkers.class).doesNotHaveBean(WorkerMeters.class);

            @SuppressWarnings("unchecked")
            CommandHandler<OrderCommand, Order, OrderEvent> orders = context.getBean(CommandHandler.class);
            orders.handle(StreamId.of("order", "u1"), new OrderCommand.PlaceOrder("u1", "ann@example.com",
                    new BigDecimal("10.00"), "EUR"));
            FunctionCounter accepted = context.getBean(MeterRegistry.class).find("vellum.command.handler.answers")
                    .tag("aggregate", "orders").tag("outcome", "accepted").functionCounter();
            assertThat(accepted).isNotNull();
            assertThat(accepted.count()).isEqualTo(1.0);
        });
    }

    @Test
    void aWorkerBeanStartsItsWorkerWithItsHealthAndGauges() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        runner().withUserConfiguration(Things.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(dir.resolve("store/vellum.db")).exists();
            assertThat(dir.resolve("store/read-models.db")).exists();
            assertThat(context).hasSingleBean(VellumWorkers.class).hasSingleBean(WorkersHealthContributor.class)
                    .hasSingleBean(WorkerMeters.class).hasSingleBean(MetersRefresher.class);
            assertThat(context.getBean(VellumWorkers.class).projection("things")).isPresent();
            assertThat(newVellumThreads(before)).contains("vellum-worker-meters")
                    .anyMatch(name -> name.startsWith("vellum-projection-things"));
        });
    }

    private static List<String> newVellumThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .map(Thread::getName).filter(name -> name.startsWith("vellum")).sorted().toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class Things {
        @Bean
        Projection<SqlContext> things() {
            return Projection.builder("things", SqlContext.class).categories("thing")
                    .setup(sql -> sql.createTable("things", "(position INTEGER PRIMARY KEY)"))
                    .handler((sql, event) -> sql.update("INSERT INTO {things} (position) VALUES (?)",
                            event.position().value()))
                    .build();
        }
    }
}
