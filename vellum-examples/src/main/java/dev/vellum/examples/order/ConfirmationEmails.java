package dev.vellum.examples.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.retry.Retries;
import dev.vellum.store.StreamId;
import dev.vellum.time.Backoff;
import dev.vellum.time.VellumClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * "The customer must get one confirmation email when an order is placed: never for a command that
 * was rolled back, never again when I replay events." The {@code confirmation-email} reactor: for
 * each {@code OrderPlaced} that committed, one email, sent with an idempotency key the mail provider
 * can deduplicate on, its outcome recorded as {@link EmailEvent.ConfirmationEmailSent} or
 * {@link EmailEvent.ConfirmationEmailFailed}.
 */
public final class ConfirmationEmails {

    /** The reactor's name. */
    public static final String NAME = "confirmation-email";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The mail provider. */
    @FunctionalInterface
    public interface Mailer {
        /**
         * Sends one email; {@code idempotencyKey} is the same on every attempt for this email.
         *
         * @return the provider's message id
         */
        String send(String to, String subject, String body, String idempotencyKey) throws Exception;
    }

    private ConfirmationEmails() {
    }

    /** The reactor, with 5 attempts per email from {@code firstRetry} doubling up to a minute. */
    public static Reactor<EmailEvent> reactor(Mailer mailer, VellumClock clock, Duration firstRetry) {
        return builder(NAME, false, mailer, clock, firstRetry).build();
    }

    /**
     * The same emails, each held until a person approves it (or cancels it): "a screen that shows what
     * emails need to be sent, with buttons where a person says to actually do it". The reactor is named
     * {@code approved-confirmation-email}, so it can run beside {@link #reactor}.
     */
    public static Reactor<EmailEvent> reactorNeedingApproval(Mailer mailer, VellumClock clock, Duration firstRetry) {
        return builder("approved-" + NAME, true, mailer, clock, firstRetry).build();
    }

    /**
     * {@link #reactorNeedingApproval} reading the log from its first event instead of its head, so an
     * email waits for approval for every order placed so far too. For a log whose orders have had no
     * email yet, such as the {@code vellum demo}'s, made fresh on each run; on a log with history it
     * would ask to email every past customer again.
     */
    public static Reactor<EmailEvent> reactorNeedingApprovalFromStart(Mailer mailer, VellumClock clock,
            Duration firstRetry) {
        return builder("approved-" + NAME, true, mailer, clock, firstRetry).startFromBeginning().build();
    }

    private static Reactor.Builder<EmailEvent> builder(String name, boolean approval, Mailer mailer, VellumClock clock,
            Duration firstRetry) {
        return Reactor.builder(name, EmailEvent.TYPES, OUTCOMES)
                .categories("order")
                .handles("OrderPlaced")
                .decide(event -> List.of(approval ? EffectRequest.needingApproval(event.data())
                        : EffectRequest.of(event.data())))
                .execute(effect -> {
                    JsonNode order = JSON.readTree(effect.payload());
                    return mailer.send(order.get("customer").asText(), "Your order " + order.get("orderId").asText(),
                            "We received your order of " + order.get("amount").asText() + " "
                                    + order.get("currency").asText() + ".", effect.key());
                })
                .effectRetries(new Retries(5, new Backoff(firstRetry, max(firstRetry, Duration.ofMinutes(1)))))
                .clock(clock);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The stream an order's email outcome is recorded in. */
    public static StreamId outcomeStream(String orderId) {
        return StreamId.of("confirmationemail", orderId);
    }

    private static final EffectOutcomes<EmailEvent> OUTCOMES = new EffectOutcomes<>() {
        @Override
        public EmailEvent succeeded(Effect effect, String messageId) {
            JsonNode order = order(effect);
            return new EmailEvent.ConfirmationEmailSent(order.get("orderId").asText(), order.get("customer").asText(), messageId);
        }

        @Override
        public EmailEvent failed(Effect effect, String error) {
            JsonNode order = order(effect);
            return new EmailEvent.ConfirmationEmailFailed(order.get("orderId").asText(), order.get("customer").asText(), error);
        }

        @Override
        public StreamId stream(Effect effect) {
            return outcomeStream(order(effect).get("orderId").asText());
        }
    };

    private static JsonNode order(Effect effect) {
        try {
            return JSON.readTree(effect.payload());
        } catch (IOException e) {
            throw new IllegalStateException("The confirmation email of " + effect.sourceStream()
                    + " has a payload that is not the order as JSON: " + effect.payload(), e);
        }
    }
}
