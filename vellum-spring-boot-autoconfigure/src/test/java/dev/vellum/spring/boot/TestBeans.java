package dev.vellum.spring.boot;

import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Application configurations the starter's tests share. */
final class TestBeans {

    private TestBeans() {
    }

    /** A meter registry, as an application with Micrometer has. */
    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** The order domain's command handler, as a bean named {@code orders}. */
    @Configuration(proxyBeanMethods = false)
    static class Orders {
        @Bean
        CommandHandler<OrderCommand, Order, OrderEvent> orders(EventStore store) {
            return CommandHandler.builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        }
    }
}
