package dev.vellum.projection;

import dev.vellum.serde.EventTypes;
import dev.vellum.store.RecordedEvent;
import java.util.Objects;

/**
 * Applies one event to a read model. It must have no side effects beyond the read model: a
 * projection is replayed from zero on a reset or rebuild, so an email sent here would be sent again.
 * Side effects belong to reactors, which rebuilds never run.
 *
 * <p>Writes through {@code context} (for example {@link dev.vellum.projection.sql.SqlContext}) commit
 * with the checkpoint: exactly once. Writes anywhere else may be repeated after a crash or a retry
 * (at least once): use {@link RecordedEvent#position()} to recognise an event already applied.
 *
 * @param <C> what the handler writes through
 */
@FunctionalInterface
public interface ProjectionHandler<C> {

    /**
     * Applies {@code event}. An exception undoes this event's writes through the context and
     * hands the event to the projection's retries, then its {@link ErrorPolicy}.
     */
    void apply(C context, RecordedEvent event) throws Exception;

    /**
     * A handler given each event deserialized by {@code types} as {@code events} (a record class, or
     * the sealed interface of several), beside the event as stored:
     *
     * <pre>{@code
     * .handles(types, UserRegistered.class, UserRenamed.class)
     * .handler(ProjectionHandler.typed(types, UserEvent.class, (sql, event, recorded) -> {
     *     switch (event) { case UserRegistered r -> ...; case UserRenamed r -> ...; }
     * }))
     * }</pre>
     *
     * An event that cannot be read as {@code events} (another type, data that does not fit) fails
     * like any handler error, with {@code EventDeserializationException}: the error policy decides.
     * Set {@code handles(types, classes)} so that only those events reach it.
     */
    static <C, E> ProjectionHandler<C> typed(EventTypes types, Class<E> events, OfEvents<C, E> handler) {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(handler, "handler");
        return (context, event) -> handler.apply(context, types.deserialize(event, events), event);
    }

    /**
     * Applies one deserialized event; see {@link #typed}.
     *
     * @param <C> what the handler writes through
     * @param <E> the events, as records
     */
    @FunctionalInterface
    interface OfEvents<C, E> {

        /** Applies {@code event}, stored as {@code recorded}; an exception is a handler failure. */
        void apply(C context, E event, RecordedEvent recorded) throws Exception;
    }
}
