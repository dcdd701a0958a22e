package dev.vellum.reactor;

import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The confirmation-email scenario used by the reactor tests: events, outcomes, and a fake mail provider. */
final class Emails {

    sealed interface OrderEvent {
        record OrderPlaced(String orderId, String email) implements OrderEvent {
        }

        record ConfirmationEmailSent(String orderId, String messageId) implements OrderEvent {
        }

        record ConfirmationEmailFailed(String orderId, String error) implements OrderEvent {
        }
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("OrderPlaced", OrderEvent.OrderPlaced.class)
            .register("ConfirmationEmailSent", OrderEvent.ConfirmationEmailSent.class)
            .register("ConfirmationEmailFailed", OrderEvent.ConfirmationEmailFailed.class)
            .build();

    static final EffectOutcomes<OrderEvent> OUTCOMES = new EffectOutcomes<>() {
        @Override
        public OrderEvent succeeded(Effect effect, String receipt) {
            return new OrderEvent.ConfirmationEmailSent(orderId(effect), receipt);
        }

        @Override
        public OrderEvent failed(Effect effect, String error) {
            return new OrderEvent.ConfirmationEmailFailed(orderId(effect), error);
        }
    };

    static String orderId(Effect effect) {
        return effect.sourceStream().value().substring("order-".length());
    }

    static EventData placed(String orderId) {
        return TYPES.serialize(new OrderEvent.OrderPlaced(orderId, "customer-" + orderId + "@example.com"));
    }

    /**
     * A mail provider that deduplicates on the idempotency key, as real ones do: it counts every call
     * and keeps one mail per key. It can be told to fail the next calls before or after sending.
     */
    static final class MailProvider implements SideEffect {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, String> sent = new ConcurrentHashMap<>();
        final AtomicInteger failBeforeSending = new AtomicInteger();
        final AtomicInteger failAfterSending = new AtomicInteger();

        @Override
        public String execute(Effect effect) {
            calls.add(effect.key());
            if (failBeforeSending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("mail server unreachable");
            }
            sent.putIfAbsent(effect.key(), effect.payload());
            if (failAfterSending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("connection reset after the mail was accepted");
            }
            return "msg-" + Math.abs(effect.key().hashCode());
        }

        Set<String> keys() {
            return sent.keySet();
        }
    }

    private Emails() {
    }
}
