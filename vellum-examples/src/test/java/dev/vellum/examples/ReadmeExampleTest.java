package dev.vellum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.examples.ReadmeExampleTest.OrderEvent.OrderConfirmed;
import dev.vellum.examples.ReadmeExampleTest.OrderEvent.OrderPlaced;
import dev.vellum.serde.EventTypes;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the top README's example and checks that the README shows exactly this code, so the
 * example cannot rot: the lines between the {@code README} markers below, without their common
 * indentation, must equal the README's java block.
 */
class ReadmeExampleTest {

    // README:start
    sealed interface OrderEvent {
        record OrderPlaced(String orderId, BigDecimal amount) implements OrderEvent {}
        record OrderConfirmed(String orderId) implements OrderEvent {}
    }
    // README:pause

    @Test
    void theExampleRuns(@TempDir Path dir) throws Exception {
        // README:resume

        EventTypes types = EventTypes.builder()                  // stable names, not class names
                .register("OrderPlaced", OrderPlaced.class)
                .register("OrderConfirmed", OrderConfirmed.class)
                .build();

        try (EventStore store = SqliteEventStore.open(dir.resolve("shop.db"))) {
            StreamId order = StreamId.of("order", 42);
            AppendResult placed = store.append(order, ExpectedRevision.noStream(),
                    types.serialize(new OrderPlaced("42", new BigDecimal("99.90"))));
            store.append(order, ExpectedRevision.exactly(placed.revision()),
                    types.serialize(new OrderConfirmed("42")));

            List<String> seen = new CopyOnWriteArrayList<>();
            try (Subscription live = store.subscribe(Position.START, LogFilter.categories("order"),
                    event -> seen.add(event.position() + " " + types.deserialize(event)))) {
                live.awaitPosition(store.head(), Duration.ofSeconds(5));
            }
            // seen: [1 OrderPlaced[orderId=42, amount=99.90], 2 OrderConfirmed[orderId=42]]
            // README:pause
            assertThat(seen).containsExactly(
                    "1 OrderPlaced[orderId=42, amount=99.90]", "2 OrderConfirmed[orderId=42]");
            // README:resume
        }
        // README:end
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int marker = readme.indexOf("README-EXAMPLE");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        String shown = readme.substring(start, readme.indexOf("```", start));
        assertThat(shown).isEqualTo(markedCode());
    }

    private static String markedCode() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/vellum/examples/ReadmeExampleTest.java"));
        List<String> kept = new ArrayList<>();
        boolean on = false;
        for (String line : lines) {
            String marker = line.strip();
            if (marker.equals("// README:start") || marker.equals("// README:resume")) {
                on = true;
            } else if (marker.equals("// README:pause") || marker.equals("// README:end")) {
                on = false;
            } else if (on) {
                kept.add(line);
            }
        }
        return unindent(kept.subList(0, 4)) + unindent(kept.subList(4, kept.size()));
    }

    private static String unindent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }
}
