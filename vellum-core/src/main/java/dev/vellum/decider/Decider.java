package dev.vellum.decider;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The behaviour of one kind of aggregate as three pure functions: an initial state,
 * {@link #decide} which turns a command and the current state into events or a rejection, and
 * {@link #evolve} which applies one event to a state. Events are usually a sealed interface of
 * records, and {@code evolve} an exhaustive {@code switch} over them that returns a new state.
 *
 * <pre>{@code
 * Decider<OrderCommand, Order, OrderEvent> orders = Decider.of(Order.NONE, Order::decide, Order::evolve);
 * }</pre>
 *
 * <p>Both functions must be pure: no clock, no I/O, no randomness. The command handler may call
 * {@code decide} several times for one command (after a revision conflict it reloads the state and
 * decides again), and {@code evolve} runs again on every load. Whatever varies (the time, an id)
 * belongs in the command. An exception thrown by {@code decide} is a bug, not a rejection: it
 * propagates to the caller and nothing is appended.
 *
 * @param <C> the commands
 * @param <S> the state; immutable (a record)
 * @param <E> the events
 */
public interface Decider<C, S, E> {

    /** The state of an aggregate with no events. */
    S initialState();

    /**
     * Decides what a command does to an aggregate in {@code state}: the events that record it
     * (possibly none), or a rejection with a reason.
     */
    Decision<E> decide(C command, S state);

    /** The state after {@code event}; never {@code null}. */
    S evolve(S state, E event);

    /** Applies {@code events} to {@code state} in order. */
    default S fold(S state, List<? extends E> events) {
        S current = state;
        for (E event : events) {
            current = evolve(current, event);
        }
        return current;
    }

    /**
     * A decider from its three parts, for example method references to static methods of the state.
     *
     * @param initialState the state before the first event
     * @param decide the command handling function
     * @param evolve the event applying function
     */
    static <C, S, E> Decider<C, S, E> of(S initialState, BiFunction<? super C, ? super S, Decision<E>> decide,
            BiFunction<? super S, ? super E, ? extends S> evolve) {
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(decide, "decide");
        Objects.requireNonNull(evolve, "evolve");
        return new Decider<>() {
            @Override
            public S initialState() {
                return initialState;
            }

            @Override
            public Decision<E> decide(C command, S state) {
                return decide.apply(command, state);
            }

            @Override
            public S evolve(S state, E event) {
                return evolve.apply(state, event);
            }
        };
    }
}
