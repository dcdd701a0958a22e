package dev.vellum.spring.sample;

import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.ConfirmationEmails;
import dev.vellum.examples.order.EmailEvent;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.reactor.Reactor;
import dev.vellum.store.EventStore;
import dev.vellum.time.VellumClock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order domain of vellum-examples as beans: the starter runs the projection and the reactor with
 * the application's lifecycle; the controller injects the command handler. The lines between the
 * README markers are the starter README's example ({@code ReadmeExampleTest} checks it).
 */
// README:start
@Configuration(proxyBeanMethods = false)
public class OrderConfiguration {

    @Bean   // commands: inject it where they come from (OrderController)
    public CommandHandler<OrderCommand, Order, OrderEvent> orders(EventStore store) {
        return CommandHandler.builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
    }

    @Bean   // a read model: run by the starter, in PostgreSQL beside the events (or the SQLite read-model file)
    public Projection<SqlContext> orderSummary() {
        return OrderSummary.projection();
    }

    @Bean   // a side effect: one email per placed order, its outcome recorded; never again on a replay
    public Reactor<EmailEvent> confirmationEmails(RecordingMailer mailer, VellumClock clock) {
        return ConfirmationEmails.reactor(mailer, clock, Duration.ofSeconds(1));   // retries 1 s apart on the clock
    }

    @Bean
    public RecordingMailer mailer() {
        return new RecordingMailer();
    }
}
// README:end
