package dev.vellum.decider;

import dev.vellum.store.Position;
import java.util.List;
import java.util.Objects;

/**
 * What handling a command came to; never a bare {@code void}. Either {@link Accepted}, with the
 * events recorded and where the stream and the global log stand, or {@link Rejected}, with a
 * machine-readable code and a reason, and nothing appended.
 *
 * <pre>{@code
 * switch (orders.handle(stream, new ConfirmOrder("42"))) {
 *     case CommandResult.Accepted<OrderEvent> a -> log.info("confirmed at revision {}", a.revision());
 *     case CommandResult.Rejected<OrderEvent> r -> respond(409, r.code(), r.reason());
 * }
 * }</pre>
 *
 * <p>Sending a command again with the same command id returns a result equal to the first one.
 * A command that lost the race for its stream more often than its {@link dev.vellum.retry.Retries} allow is
 * neither: it raises {@link CommandConflictException} (see that class for why).
 *
 * @param <E> the event type
 */
public sealed interface CommandResult<E> {

    /**
     * The command was accepted and its events appended, atomically.
     *
     * @param events the events appended, in order; empty when the command changed nothing
     * @param revision the stream's revision after the command: the last event's, or, when there
     *     were no events, the revision the decision was made at ({@code -1} for an empty stream)
     * @param position the global position of the last event appended, or, when there were no
     *     events, of the stream's last event ({@link Position#START} for an empty stream); a
     *     projection that has reached it reflects this command
     */
    record Accepted<E>(List<E> events, long revision, Position position) implements CommandResult<E> {
        /** Copies the events. */
        public Accepted {
            events = List.copyOf(events);
            Objects.requireNonNull(position, "position");
        }
    }

    /**
     * The decider rejected the command; nothing was appended.
     *
     * @param code a stable, machine-readable code, e.g. {@code insufficient-funds}
     * @param reason what is wrong, for people
     */
    record Rejected<E>(String code, String reason) implements CommandResult<E> {
        /** @throws IllegalArgumentException when the code or reason breaks the rules of {@link Decision#reject} */
        public Rejected {
            RejectionRules.check(code, reason);
        }
    }
}
