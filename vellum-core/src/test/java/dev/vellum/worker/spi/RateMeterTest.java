package dev.vellum.worker.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    @Test
    void averagesTheLastWholeSecondsAndForgetsOlderOnes() {
        RateMeter meter = new RateMeter();
        long t = 1_000_000;
        meter.mark(500, t);
        meter.mark(500, t + 999);
        meter.mark(1_500, t + 1_000);
        assertThat(meter.perSecond(t + 1_500)).isEqualTo(1_000 / 5.0); // the current second is not whole yet
        assertThat(meter.perSecond(t + 2_000)).isEqualTo(2_500 / 5.0);
        assertThat(meter.perSecond(t + 6_500)).isEqualTo(1_500 / 5.0);
        assertThat(meter.perSecond(t + 60_000)).isZero();
    }
}
