package dev.vellum.projection;


/** Told when a projection version took over from an older one, so the older one is stopped and dropped. */
@FunctionalInterface
interface Retirement {

    /**
     * Stops {@code old} if it runs, then drops its read model unless {@code keep}.
     *
     * @param successor the version that took over
     */
    void retire(ProjectionId successor, ProjectionId old, boolean keep);
}
