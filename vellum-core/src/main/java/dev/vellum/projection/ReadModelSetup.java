package dev.vellum.projection;

/**
 * Prepares an empty read model for one projection version, for example creates its tables. It runs
 * in the same unit of work as the version's first checkpoint: when the version starts for the first
 * time, when it is reset, and when it is rebuilt beside an older version.
 *
 * @param <C> what it writes through
 */
@FunctionalInterface
public interface ReadModelSetup<C> {

    /** Does nothing: for read models that need no preparation. */
    static <C> ReadModelSetup<C> none() {
        return context -> { };
    }

    /** Prepares the read model of {@code context}'s projection version. */
    void create(C context) throws Exception;
}
