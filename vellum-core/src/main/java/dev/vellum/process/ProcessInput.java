package dev.vellum.process;

import dev.vellum.serde.EventDeserializationException;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.RecordedEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * What a process manager decides on: an event it correlated to the process, the result of a
 * command it sent, or one of its timers firing or expiring. Each arrives once in effect: inputs are
 * handled as idempotent commands on the process's own stream.
 */
public sealed interface ProcessInput {

    /**
     * An event from the log that belongs to this process.
     *
     * @param event the event, deserialized
     * @param recorded the event as stored
     */
    record Observed(Object event, RecordedEvent recorded) implements ProcessInput {
        /** Checks that nothing is missing. */
        public Observed {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(recorded, "recorded");
        }

        /**
         * The event as {@code type}, e.g. the sealed interface of the events the process correlates,
         * for code that does not match on the record ({@code case Observed(Ping p, var recorded)} does).
         *
         * @throws EventDeserializationException when it is not a {@code type}, naming what it is
         */
        public <T> T event(Class<T> type) {
            if (!type.isInstance(event)) {
                throw new EventDeserializationException(recorded, "it is a " + event.getClass().getName() + ", not a "
                        + type.getName() + " as expected", null);
            }
            return type.cast(event);
        }
    }

    /**
     * A command the process sent was accepted.
     *
     * @param commandId its id
     * @param command the command
     */
    record CommandAccepted(String commandId, Object command) implements ProcessInput {
    }

    /**
     * A command the process sent was rejected.
     *
     * @param commandId its id
     * @param command the command
     * @param code the rejection's machine-readable code
     * @param reason the rejection's reason
     */
    record CommandRejected(String commandId, Object command, String code, String reason) implements ProcessInput {
    }

    /**
     * A timer of the process fired.
     *
     * @param name the name the process gave it
     * @param payload what the process put in it
     * @param due when it was due (it fired at or after that)
     */
    record TimerFired(String name, String payload, Instant due) implements ProcessInput {

        /**
         * The payload as the record {@code type} it was scheduled with
         * ({@link ProcessAction#schedule(String, Instant, EventTypes, Object)}), read through {@code types}.
         *
         * @throws dev.vellum.serde.UnknownEventTypeException when {@code type} is not registered in {@code types}
         * @throws dev.vellum.serde.PayloadDeserializationException when the payload is not such a record
         */
        public <T> T payload(EventTypes types, Class<T> type) {
            return types.deserializePayload(payload, type);
        }
    }

    /**
     * A timer of the process came due after its {@linkplain ProcessAction.Schedule#withDeadline deadline}
     * (the process manager, or its node, was down past it): it did not fire, and never will. The
     * process decides what that means, e.g. records that a report was discarded. A timer either fires
     * or expires, once in effect: both are handled under the same input id ({@code timer:<timer id>}),
     * so an instance that was told a timer fired is not told it expired (after a crash between
     * handling the firing and recording it), nor the other way round.
     *
     * @param name the name the process gave it
     * @param payload what the process put in it
     * @param due when it was due
     * @param deadline the last instant it could have fired at
     * @param at when it was taken, after the deadline
     */
    record TimerExpired(String name, String payload, Instant due, Instant deadline, Instant at) implements ProcessInput {

        /**
         * The payload as the record {@code type} it was scheduled with, read through {@code types};
         * see {@link TimerFired#payload(EventTypes, Class)}.
         *
         * @throws dev.vellum.serde.UnknownEventTypeException when {@code type} is not registered in {@code types}
         * @throws dev.vellum.serde.PayloadDeserializationException when the payload is not such a record
         */
        public <T> T payload(EventTypes types, Class<T> type) {
            return types.deserializePayload(payload, type);
        }
    }
}
