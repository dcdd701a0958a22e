package dev.vellum.process;

import dev.vellum.serde.EventTypes;
import dev.vellum.store.StreamId;
import dev.vellum.timer.InvalidTimerException;
import dev.vellum.timer.Timer;
import java.time.Instant;
import java.util.Objects;

/**
 * What a process manager does because of one of its own recorded events: send a command, set a
 * timer (with a deadline if firing it late makes no sense), cancel one. Actions are derived from
 * recorded events only, so after a crash they are derived again and carried out with the same ids: a
 * command is sent under the same command id (the command handler returns its first result), a timer
 * is scheduled under the same timer id.
 */
public sealed interface ProcessAction {

    /** Sends {@code command} to the aggregate in {@code target} through the process's command router. */
    static ProcessAction send(StreamId target, Object command) {
        return new Send(target, command);
    }

    /**
     * Sets the timer {@code name} of this process instance, due at {@code due}. A name is used once
     * per instance: a timer that fired, expired or was cancelled is not set again under the same name.
     * Give it a deadline with {@link Schedule#withDeadline}: taken after that, it does not fire, and
     * the instance gets {@link ProcessInput.TimerExpired} instead.
     */
    static Schedule schedule(String name, Instant due, String payload) {
        return new Schedule(name, due, payload);
    }

    /**
     * {@link #schedule(String, Instant, String)} with a record registered in {@code types} as the
     * payload, kept as its JSON ({@link EventTypes#serializePayload}) and read back typed with
     * {@link ProcessInput.TimerFired#payload(EventTypes, Class)}.
     *
     * @throws dev.vellum.serde.UnknownEventTypeException when its class is not registered in {@code types}
     */
    static Schedule schedule(String name, Instant due, EventTypes types, Object payload) {
        return new Schedule(name, due, types.serializePayload(payload));
    }

    /** Cancels the timer {@code name} of this process instance, if it has not fired. */
    static ProcessAction cancel(String name) {
        return new CancelTimer(name);
    }

    /** @param target the aggregate's stream @param command the command */
    record Send(StreamId target, Object command) implements ProcessAction {
        /** Checks that nothing is missing. */
        public Send {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * Sets a timer of the instance.
     *
     * @param name the timer's name within the instance
     * @param due when it is due
     * @param payload handed back when it fires (or expires)
     * @param deadline the last instant it may fire at, at or after {@code due}; {@code null} for none
     */
    record Schedule(String name, Instant due, String payload, Instant deadline) implements ProcessAction {
        /**
         * Checks that nothing required is missing.
         *
         * @throws InvalidTimerException when the deadline is before the due time
         */
        public Schedule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(payload, "payload");
            Timer.checkDeadline("The timer '" + name + "' of a process", due, deadline);
        }

        /** A timer without deadline: it fires however late it is taken. */
        public Schedule(String name, Instant due, String payload) {
            this(name, due, payload, null);
        }

        /**
         * This timer with {@code newDeadline}: taken after it (after an outage, say), it does not fire,
         * and the instance gets {@link ProcessInput.TimerExpired} instead of {@link ProcessInput.TimerFired}.
         *
         * @throws InvalidTimerException when it is before the due time
         */
        public Schedule withDeadline(Instant newDeadline) {
            return new Schedule(name, due, payload, Objects.requireNonNull(newDeadline, "deadline"));
        }
    }

    /** @param name the timer's name within the instance */
    record CancelTimer(String name) implements ProcessAction {
        /** Checks that nothing is missing. */
        public CancelTimer {
            Objects.requireNonNull(name, "name");
        }
    }
}
