package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.metrics.WorkerMeters;
import dev.vellum.spring.boot.VellumProperties;
import dev.vellum.spring.boot.internal.MetersRefresher;
import dev.vellum.worker.WorkerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The workers' gauges ({@code vellum.worker.*}, the same as the Vellum server's) in the application's
 * {@code MeterRegistry}, set every {@code vellum.metrics.refresh}.
 */
@AutoConfiguration(after = VellumAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, WorkerMeters.class})
@ConditionalOnBean({MeterRegistry.class, WorkerRegistry.class})
public class VellumMetricsAutoConfiguration {

    /** The gauges. */
    @Bean
    @ConditionalOnMissingBean
    public WorkerMeters vellumWorkerMeters(WorkerRegistry workers, MeterRegistry registry) {
        return new WorkerMeters(workers::statuses, registry);
    }

    /** Sets them on a schedule while the context runs. */
    @Bean
    @ConditionalOnMissingBean
    public MetersRefresher vellumMetersRefresher(WorkerMeters meters, VellumProperties properties) {
        return new MetersRefresher(meters, properties.getMetrics().getRefresh());
    }
}
