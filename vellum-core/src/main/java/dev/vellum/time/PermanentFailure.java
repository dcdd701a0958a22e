package dev.vellum.time;

/**
 * Marks an exception that retrying cannot cure: a reactor or process manager that meets one (itself
 * or as the cause of what its handler threw) stops at once instead of retrying the event under its
 * {@link dev.vellum.retry.Retries}. {@code UnroutableCommandException} (a route missing from a process's command
 * router) and {@code LeaseLostException} (another instance owns the runner now; retrying would only
 * be refused again while this one is being stopped) are such errors. Application exceptions may
 * implement it too, e.g. for a decider's validation errors.
 */
public interface PermanentFailure {

    /** True when {@code error} or one of its causes is marked {@code PermanentFailure}. */
    static boolean isIn(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) { // bounded: causes can form a cycle
            if (t instanceof PermanentFailure) {
                return true;
            }
        }
        return false;
    }
}
