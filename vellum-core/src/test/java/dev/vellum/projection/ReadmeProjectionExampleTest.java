package dev.vellum.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.retry.Retries;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import dev.vellum.worker.WorkerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the example of the "Projections" section of vellum-core/README.md and checks the README
 * shows exactly the code between the markers below, so the example cannot rot.
 */
class ReadmeProjectionExampleTest {

    @Test
    void theExampleRuns() throws Exception {
        try (EventStore store = new InMemoryEventStore()) {
            store.append(StreamId.of("order-1"), ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));
            store.append(StreamId.of("order-2"), ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));
            InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
            Map<Position, String> searchIndex = new ConcurrentHashMap<>();
            WorkerStatus status;
            // README:start
            Projection<ProjectionContext> indexer = Projection.builder("search-index")
                    .version(1)
                    .handles("OrderPlaced")
                    .retries(new Retries(4, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5))))
                    .errorPolicy(ErrorPolicy.PARK)
                    .handler((context, event) -> searchIndex.put(event.position(), event.data())) // a repeat overwrites
                    .build();

            try (ProjectionRunner runner = ProjectionRunner.create(store)) {
                RunningProjection running = runner.start(indexer, checkpoints);
                running.awaitCheckpoint(store.head(), Duration.ofSeconds(5));
                status = running.status(); // LIVE, checkpoint 2, head 2, lag 0 events, 0 parked, ...
            }
            // README:end
            assertThat(searchIndex).hasSize(2);
            assertThat(status.checkpoint()).isEqualTo(Position.of(2));
            assertThat(status.lagEvents()).isZero();
        }
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        assertThat(Files.readString(Path.of("README.md"))).contains(markedCode(
                Path.of("src/test/java/dev/vellum/projection/ReadmeProjectionExampleTest.java")));
    }

    /** The lines between the markers, without their common indentation. */
    static String markedCode(Path source) throws IOException {
        List<String> kept = new ArrayList<>();
        boolean on = false;
        for (String line : Files.readAllLines(source)) {
            String marker = line.strip();
            if (marker.equals("// README:start")) {
                on = true;
            } else if (marker.equals("// README:end")) {
                on = false;
            } else if (on) {
                kept.add(line);
            }
        }
        int indent = kept.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        kept.forEach(line -> out.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
        return out.toString();
    }
}
