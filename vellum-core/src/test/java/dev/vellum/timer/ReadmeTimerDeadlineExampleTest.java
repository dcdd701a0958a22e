package dev.vellum.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.time.ManualClock;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The deadline example of the "Timers" section of vellum-core/README.md: it runs, and the README
 * shows exactly the marked lines, without their common indentation.
 */
class ReadmeTimerDeadlineExampleTest {

    @Test
    void theExampleRuns() throws Exception {
        InMemoryTimerStore store = new InMemoryTimerStore();
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        List<String> reported = new CopyOnWriteArrayList<>();
        List<String> discarded = new CopyOnWriteArrayList<>();
        TimerHandler handler = timer -> reported.add(timer.id());
        String incidentId = "7";
        Instant due = clock.instant().plus(Duration.ofMinutes(15));
        // README:start
        TimerScheduler timers = TimerScheduler.builder(store, "device-errors", handler).clock(clock)
                .onExpiry((timer, at) -> discarded.add(timer.id()))  // told instead of the handler when too late
                .start();
        timers.schedule(Timer.of("report-" + incidentId, "device-errors", due)
                .withDeadline(due.plus(Duration.ofMinutes(5))));     // no report more than 5 minutes late
        // README:end
        try (timers) {
            clock.set(due.plus(Duration.ofHours(1)));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.find("report-7").orElseThrow().state() != TimerState.EXPIRED && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        }
        assertThat(store.find("report-7").orElseThrow().state()).isEqualTo(TimerState.EXPIRED);
        assertThat(discarded).containsExactly("report-7");
        assertThat(reported).isEmpty();
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("<!-- TIMER-DEADLINE-EXAMPLE:");
        assertThat(at).as("TIMER-DEADLINE-EXAMPLE in the README").isNotNegative();
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        assertThat(readme.substring(start, readme.indexOf("```", start))).isEqualTo(markedCode());
    }

    private static String markedCode() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/vellum/timer/ReadmeTimerDeadlineExampleTest.java"));
        List<String> marked = new ArrayList<>(lines.subList(lines.indexOf("        // README:start") + 1,
                lines.indexOf("        // README:end")));
        StringBuilder code = new StringBuilder();
        for (String line : marked) {
            code.append(line.isBlank() ? "" : line.substring(8)).append('\n');
        }
        return code.toString();
    }
}
