package dev.vellum.projection;

/**
 * What a projection's handler writes through: the unit of work a {@link CheckpointStore} opens for
 * one batch. The plain form only says which projection version is running; stores whose read models
 * share a transaction with the checkpoint give a richer one, such as
 * {@link dev.vellum.projection.sql.SqlContext}, and handlers that write through it are applied
 * exactly once.
 */
public interface ProjectionContext {

    /** The projection version this unit of work belongs to. */
    ProjectionId projection();

    /** The plain context of {@code projection}. */
    static ProjectionContext of(ProjectionId projection) {
        return new Plain(projection);
    }

    /**
     * The plain context.
     *
     * @param projection the projection version
     */
    record Plain(ProjectionId projection) implements ProjectionContext {
    }
}
