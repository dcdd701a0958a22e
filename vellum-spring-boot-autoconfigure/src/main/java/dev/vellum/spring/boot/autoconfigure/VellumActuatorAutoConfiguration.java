package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.spring.boot.VellumWorkers;
import dev.vellum.spring.boot.WorkersEndpoint;
import dev.vellum.spring.boot.WorkersHealthContributor;
import dev.vellum.worker.WorkerRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The workers in the actuator when it is on the class path: a health indicator per worker
 * ({@code management.health.vellum.enabled}) and the {@code vellum} endpoint; only when
 * {@link VellumWorkers} runs the application's workers.
 */
@AutoConfiguration(after = VellumAutoConfiguration.class)
@ConditionalOnBean(VellumWorkers.class)
public class VellumActuatorAutoConfiguration {

    /** Health per worker, named {@code vellum}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("vellum")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean
        WorkersHealthContributor vellumHealthContributor(WorkerRegistry registry) {
            return new WorkersHealthContributor(registry);
        }
    }

    /** The {@code vellum} endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnAvailableEndpoint(WorkersEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        WorkersEndpoint vellumWorkersEndpoint(WorkerRegistry registry) {
            return new WorkersEndpoint(registry);
        }
    }
}
