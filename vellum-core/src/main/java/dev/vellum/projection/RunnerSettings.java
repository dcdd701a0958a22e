package dev.vellum.projection;

import java.time.Duration;

/**
 * How a runner runs its projections.
 *
 * @param batchSize the most events applied in one transaction
 * @param stallAfter how long a projection may make no progress with work waiting before it shows as stalled
 */
record RunnerSettings(int batchSize, Duration stallAfter) {

    /** How often an idle projection beats its heartbeat and looks for work the filter passed over. */
    long beatMillis() {
        return Math.clamp(stallAfter.toMillis() / 4, 10, 1_000);
    }
}
