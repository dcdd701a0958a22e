package dev.vellum.spring.boot.internal;

import dev.vellum.decider.CommandHandler;
import dev.vellum.metrics.CommandHandlerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers the meters of every {@code CommandHandler} bean ({@link CommandHandlerMeters}, tag
 * {@code aggregate} the bean's name) in the application's {@code MeterRegistry}, once all singletons
 * are made, so that no handler is made early for it.
 */
public final class CommandHandlerBeanMeters implements SmartInitializingSingleton {

    private final ListableBeanFactory beans;
    private final MeterRegistry registry;

    /** The handlers of {@code beans}, into {@code registry}. */
    public CommandHandlerBeanMeters(ListableBeanFactory beans, MeterRegistry registry) {
        this.beans = Objects.requireNonNull(beans, "beans");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void afterSingletonsInstantiated() {
        beans.getBeansOfType(CommandHandler.class).forEach((name, handler) ->
                CommandHandlerMeters.register(name, handler, registry));
    }
}
