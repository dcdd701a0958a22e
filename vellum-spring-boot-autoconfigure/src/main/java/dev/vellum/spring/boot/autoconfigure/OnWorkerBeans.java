package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.process.ProcessManager;
import dev.vellum.projection.Projection;
import dev.vellum.reactor.Reactor;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

/**
 * Matches when the application declares something for {@code VellumWorkers} to run: a projection,
 * reactor, process manager or integration publisher bean. Without one, no workers, registry threads,
 * health contributors or worker meters are made.
 */
class OnWorkerBeans extends AnyNestedCondition {

    OnWorkerBeans() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(Projection.class)
    static class Projections {
    }

    @ConditionalOnBean(Reactor.class)
    static class Reactors {
    }

    @ConditionalOnBean(ProcessManager.class)
    static class ProcessManagers {
    }

    @ConditionalOnBean(IntegrationPublisher.Builder.class)
    static class IntegrationPublishers {
    }
}
