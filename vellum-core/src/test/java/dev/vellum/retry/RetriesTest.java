package dev.vellum.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.time.Backoff;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RetriesTest {

    @Test
    void theDefaultRidesOutAboutSixMinutesOfFailures() {
        assertThat(Retries.DEFAULT.attempts()).isEqualTo(20);
        assertThat(Retries.DEFAULT.retries()).isEqualTo(19);
        assertThat(Retries.DEFAULT.backoff()).isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30)));
        // 100 ms doubling to 25.6 s (nine waits, 51.1 s), then ten waits of 30 s
        assertThat(Retries.DEFAULT.longestOutage()).isEqualTo(Duration.ofMillis(351_100));
    }

    @Test
    void noneIsOneAttemptWithoutWaiting() {
        assertThat(Retries.none().attempts()).isEqualTo(1);
        assertThat(Retries.none().retries()).isZero();
        assertThat(Retries.none().longestOutage()).isZero();
    }

    @Test
    void badValuesAreRefusedWithATypedError() {
        assertThatThrownBy(() -> new Retries(0, Backoff.DEFAULT)).isInstanceOf(InvalidRetriesException.class)
                .hasMessageContaining("1 or more attempts").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new Retries(-3, Backoff.DEFAULT)).isInstanceOf(InvalidRetriesException.class);
        assertThatThrownBy(() -> new Retries(3, null)).isInstanceOf(InvalidRetriesException.class)
                .hasMessageContaining("need a backoff");
    }

    @Property(tries = 300)
    void aFullyJitteredWaitStaysUnderACapThatDoublesUpToTheMaximum(@ForAll @IntRange(min = 1, max = 60) int retry,
            @ForAll @LongRange(min = 0, max = 1_000) long firstMillis, @ForAll @LongRange(min = 0, max = 5_000) long extra,
            @ForAll long seed) {
        Backoff backoff = new Backoff(Duration.ofMillis(firstMillis), Duration.ofMillis(firstMillis + extra));
        long cap = Math.min(firstMillis * (1L << Math.min(retry - 1, 40)), firstMillis + extra);
        assertThat(backoff.fullJitter(retry, new Random(seed))).isBetween(Duration.ZERO, Duration.ofMillis(cap));
    }

    @Test
    void fullJitterDrawsDifferentWaits() {
        Random random = new Random(42);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(Backoff.DEFAULT.fullJitter(3, random));
        }
        assertThat(seen).as("50 draws of the same retry's wait").hasSizeGreaterThan(40);
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO).fullJitter(1, random)).isZero();
        assertThatThrownBy(() -> Backoff.DEFAULT.fullJitter(0, random)).isInstanceOf(IllegalArgumentException.class);
    }
}
