package dev.vellum.time;

/**
 * Marks an exception that waiting can cure: the store could not be reached, a connection was lost,
 * the server was shutting down or starting, a pool had no connection in time. A worker that meets one
 * (itself or as a cause) retries with capped backoff for as long as it lasts instead of failing; its
 * status says it is retrying, why, and when it tries next. The stores translate their drivers' errors
 * into exceptions marked this way, so nothing outside a store needs to know SQL states.
 */
public interface TransientFailure {

    /** True when {@code error} or one of its causes is marked {@code TransientFailure}. */
    static boolean isIn(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) { // bounded: causes can form a cycle
            if (t instanceof TransientFailure) {
                return true;
            }
        }
        return false;
    }
}
