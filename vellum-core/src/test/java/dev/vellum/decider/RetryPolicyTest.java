package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Property(tries = 300)
    void aDelayStaysUnderACapThatDoublesUpToTheMaximum(@ForAll @IntRange(min = 1, max = 60) int retry,
            @ForAll @LongRange(min = 0, max = 1_000) long firstMillis, @ForAll @LongRange(min = 0, max = 5_000) long extra,
            @ForAll long seed) {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(firstMillis), Duration.ofMillis(firstMillis + extra));
        long cap = Math.min(firstMillis * (1L << Math.min(retry - 1, 40)), firstMillis + extra);
        Duration delay = policy.delayBefore(retry, new Random(seed));
        assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(cap));
    }

    @Test
    void delaysAreJittered() {
        Random random = new Random(42);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(RetryPolicy.DEFAULT.delayBefore(3, random));
        }
        assertThat(seen).as("50 draws of the same retry's delay").hasSizeGreaterThan(40);
    }

    @Test
    void noRetriesMeansNoWait() {
        assertThat(RetryPolicy.none().maxRetries()).isZero();
        assertThat(RetryPolicy.none().delayBefore(1, new Random())).isZero();
        assertThat(RetryPolicy.retries(3)).isEqualTo(new RetryPolicy(3, RetryPolicy.DEFAULT.firstDelay(),
                RetryPolicy.DEFAULT.maxDelay()));
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.retries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstDelay <= maxDelay");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ofMillis(4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayBefore(0, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
