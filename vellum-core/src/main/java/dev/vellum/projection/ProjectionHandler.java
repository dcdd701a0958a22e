package dev.vellum.projection;

import dev.vellum.store.RecordedEvent;

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
     * hands the event to the projection's {@link ErrorPolicy}.
     */
    void apply(C context, RecordedEvent event) throws Exception;
}
