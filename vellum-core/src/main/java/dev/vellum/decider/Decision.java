package dev.vellum.decider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Decider} decided about a command: the events that record it ({@link Events},
 * possibly none when the command changes nothing), or a {@link Rejection} with a machine-readable
 * code and a reason for people.
 *
 * <pre>{@code
 * return balance.compareTo(amount) < 0
 *         ? Decision.reject("insufficient-funds", "balance " + balance + " is below " + amount)
 *         : Decision.accept(new Withdrawn(amount));
 * }</pre>
 *
 * @param <E> the event type
 */
public sealed interface Decision<E> {

    /** The longest rejection code accepted. */
    int MAX_CODE_LENGTH = 100;

    /** These events, in order; none means the command is accepted and changes nothing. */
    @SafeVarargs
    static <E> Decision<E> accept(E... events) {
        List<E> list = new ArrayList<>(events.length);
        for (E event : events) {
            list.add(event);
        }
        return new Events<>(list);
    }

    /** These events, in order; an empty list means the command is accepted and changes nothing. */
    static <E> Decision<E> accept(List<? extends E> events) {
        return new Events<>(Collections.<E>unmodifiableList(Objects.requireNonNull(events, "events")));
    }

    /**
     * A rejection.
     *
     * @param code a stable, machine-readable code such as {@code insufficient-funds}: 1 to
     *     {@value #MAX_CODE_LENGTH} letters, digits or {@code . _ : -}
     * @param reason what is wrong, for people
     */
    static <E> Decision<E> reject(String code, String reason) {
        return new Rejection<>(code, reason);
    }

    /**
     * The command is accepted; these events record it.
     *
     * @param events the events, in order; never {@code null}, and without {@code null} elements
     */
    record Events<E>(List<E> events) implements Decision<E> {
        /** Copies the list; @throws NullPointerException naming the first {@code null} event */
        public Events {
            Objects.requireNonNull(events, "events");
            List<E> copy = new ArrayList<>(events.size());
            for (E event : events) {
                copy.add(Objects.requireNonNull(event, () -> "event " + copy.size() + " of the decision is null"));
            }
            events = Collections.unmodifiableList(copy);
        }
    }

    /**
     * The command is rejected; nothing is appended.
     *
     * @param code a stable, machine-readable code, e.g. {@code insufficient-funds}
     * @param reason what is wrong, for people
     */
    record Rejection<E>(String code, String reason) implements Decision<E> {
        /** @throws IllegalArgumentException when the code or reason breaks the rules of {@link #reject} */
        public Rejection {
            RejectionRules.check(code, reason);
        }
    }
}
