package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.metrics.WorkerMeters;
import dev.vellum.spring.boot.VellumProperties;
import dev.vellum.spring.boot.VellumWorkers;
import dev.vellum.spring.boot.internal.CommandHandlerBeanMeters;
import dev.vellum.spring.boot.internal.MetersRefresher;
import dev.vellum.worker.WorkerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Vellum's meters in the application's {@code MeterRegistry}, the same as the Vellum server's: the
 * workers' gauges ({@code vellum.worker.*}, set every {@code vellum.metrics.refresh}) when
 * {@link VellumWorkers} runs workers, and each {@code CommandHandler} bean's answers, latency and
 * contention counters ({@code vellum.command.handler.*}, tag {@code aggregate} the handler's name: the
 * aggregate of the {@code CommandEndpoint} bean serving it, as the mounted server names it, or else the bean's name).
 */
@AutoConfiguration(after = VellumAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, WorkerMeters.class})
@ConditionalOnBean(MeterRegistry.class)
public class VellumMetricsAutoConfiguration {

    /** The workers' gauges, when there are workers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(VellumWorkers.class)
    static class WorkerMetersConfiguration {

        @Bean
        @ConditionalOnMissingBean
        WorkerMeters vellumWorkerMeters(WorkerRegistry workers, MeterRegistry registry) {
            return new WorkerMeters(workers::statuses, registry);
        }

        @Bean
        @ConditionalOnMissingBean
        MetersRefresher vellumMetersRefresher(WorkerMeters meters, VellumProperties properties) {
            return new MetersRefresher(meters, properties.getMetrics().getRefresh());
        }
    }

    /** The command handlers' meters, when the application declares handlers (or endpoints holding them). */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnCommandHandlers.class)
    static class CommandHandlerMetersConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CommandHandlerBeanMeters vellumCommandHandlerMeters(ListableBeanFactory beans, MeterRegistry registry) {
            return new CommandHandlerBeanMeters(beans, registry);
        }
    }
}
