package dev.vellum.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventRetriesTest {

    @Test
    void theDefaultRidesOutAboutSixMinutesOfFailures() {
        assertThat(EventRetries.DEFAULT.attempts()).isEqualTo(20);
        assertThat(EventRetries.DEFAULT.backoff()).isEqualTo(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30)));
        // 100 ms doubling to 25.6 s (nine waits, 51.1 s), then ten waits of 30 s
        assertThat(EventRetries.DEFAULT.longestOutage()).isEqualTo(Duration.ofMillis(351_100));
    }

    @Test
    void noRetriesIsOneAttemptWithoutWaiting() {
        assertThat(EventRetries.noRetries().attempts()).isEqualTo(1);
        assertThat(EventRetries.noRetries().longestOutage()).isZero();
    }

    @Test
    void badValuesAreRefusedWithATypedError() {
        assertThatThrownBy(() -> new EventRetries(0, Backoff.DEFAULT)).isInstanceOf(InvalidRetriesException.class)
                .hasMessageContaining("1 or more attempts").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new EventRetries(-3, Backoff.DEFAULT)).isInstanceOf(InvalidRetriesException.class);
        assertThatThrownBy(() -> new EventRetries(3, null)).isInstanceOf(InvalidRetriesException.class)
                .hasMessageContaining("need a backoff");
    }
}
