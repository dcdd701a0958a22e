package dev.vellum.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandResult;
import dev.vellum.examples.order.ConfirmationEmails;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.reactor.PendingEffect;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.spring.boot.test.VellumTest;
import dev.vellum.spring.boot.test.VellumTestKit;
import dev.vellum.store.EventStore;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sample's domain (its command handler, the order-summary projection, the confirmation-email
 * reactor) under {@link VellumTest}: the in-memory store and a test clock, no web server. The clock
 * drives the reactor's retries, so an email that failed goes again once the test moves it.
 */
@SpringBootTest(classes = OrderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@VellumTest(store = VellumTest.TestStore.MEMORY, clockStart = "2026-03-01T09:00:00Z")
@ActiveProfiles("sqlite")   // the sample's way to run without a DataSource
class OrderDomainTest {

    @Autowired
    CommandHandler<OrderCommand, Order, OrderEvent> orders;

    @Autowired
    VellumTestKit vellum;

    @Autowired
    EventStore store;

    @Autowired
    SqlReadModel readModel;

    @Autowired
    RecordingMailer mailer;

    @Autowired
    WorkerRegistry registry;

    @Test
    void theStoreIsInMemoryAndItsEventsAreStampedByTheTestClock() {
        assertThat(store).isInstanceOf(InMemoryEventStore.class);
        assertThat(vellum.clock().instant()).isAfterOrEqualTo(Instant.parse("2026-03-01T09:00:00Z"))
                .isBefore(Instant.parse("2026-03-01T09:01:00Z"));
        Instant now = vellum.clock().instant();
        place("d0", "dan@example.com");
        assertThat(store.readStream(StreamId.of("order", "d0")).get(0).recordedAt()).isEqualTo(now);
    }

    @Test
    void aPlacedAndConfirmedOrderIsSummarisedAndGetsOneEmail() throws Exception {
        place("d1", "dora@example.com");
        assertThat(orders.handle(StreamId.of("order", "d1"), new OrderCommand.ConfirmOrder("d1", vellum.clock().instant())))
                .isInstanceOf(CommandResult.Accepted.class);
        vellum.awaitIdle();

        try (Connection reader = readModel.openReader()) {
            assertThat(OrderSummary.query(reader)).filteredOn(row -> row.orderId().equals("d1"))
                    .extracting(OrderSummary.Row::status).containsExactly("confirmed");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!recorded("d1")) { // the outcome is appended after the send
            assertThat(System.nanoTime()).as("the email's outcome recorded within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(outcomes("d1")).extracting(RecordedEvent::type).containsExactly("ConfirmationEmailSent");
        assertThat(mailer.sent()).filteredOn(s -> s.to().equals("dora@example.com")).hasSize(1);
    }

    @Test
    void anEmailThatFailedIsSentAgainOnlyOnceTheClockPassesItsBackoff() throws Exception {
        mailer.failNext(1);
        place("d2", "dirk@example.com");
        RunningReactor emails = (RunningReactor) registry.get("reactor." + ConfirmationEmails.NAME);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (emails.pendingEffects().stream().noneMatch(e -> e.attempts() == 1 && e.lastError() != null)) {
            assertThat(System.nanoTime()).as("the failed attempt recorded within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        PendingEffect waiting = emails.pendingEffects().get(0);
        assertThat(waiting.nextAttempt()).isEqualTo(vellum.clock().instant().plusSeconds(1));
        Thread.sleep(300);
        assertThat(mailer.sent()).as("no retry while the clock stands still")
                .noneMatch(s -> s.to().equals("dirk@example.com"));

        vellum.advance(Duration.ofSeconds(1));
        vellum.awaitIdle();
        assertThat(mailer.sent()).filteredOn(s -> s.to().equals("dirk@example.com")).hasSize(1);
        assertThat(outcomes("d2")).extracting(RecordedEvent::type).containsExactly("ConfirmationEmailSent");
    }

    private void place(String id, String customer) {
        assertThat(orders.handle(StreamId.of("order", id), new OrderCommand.PlaceOrder(id, customer, new BigDecimal("10.00"), "EUR")))
                .isInstanceOf(CommandResult.Accepted.class);
    }

    private boolean recorded(String orderId) {
        try {
            return !outcomes(orderId).isEmpty();
        } catch (StreamNotFoundException e) {
            return false;
        }
    }

    private List<RecordedEvent> outcomes(String orderId) {
        return store.readStream(ConfirmationEmails.outcomeStream(orderId));
    }
}
