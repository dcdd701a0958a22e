package dev.vellum.spring.boot.internal;

import dev.vellum.metrics.CommandHandlerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers the meters of every command handler of the application ({@link CommandHandlerMeters}, tag
 * {@code aggregate} the handler's one name, {@link CommandHandlerNames}) in its {@code MeterRegistry},
 * once all singletons are made, so that no handler is made early for it.
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
        CommandHandlerNames.of(beans).forEach((handler, name) -> CommandHandlerMeters.register(name, handler, registry));
    }
}
