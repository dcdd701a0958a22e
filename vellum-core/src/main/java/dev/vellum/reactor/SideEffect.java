package dev.vellum.reactor;

/**
 * Carries out one side effect: sends the email, calls the other service. It runs at least once per
 * effect: after a crash between carrying it out and recording the outcome, it runs again with the
 * same {@link Effect#key()}, which the receiving service should use to drop the repeat. It never runs
 * for an effect whose outcome is already recorded.
 */
@FunctionalInterface
public interface SideEffect {

    /**
     * Carries out {@code effect}.
     *
     * @return a short receipt for the outcome event (a provider's message id, say), or {@code ""}
     * @throws Exception when it failed; it is retried with backoff, and recorded as failed when the
     *     reactor's attempts run out
     */
    String execute(Effect effect) throws Exception;
}
