package dev.vellum.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.reactor.Emails.OrderEvent;
import dev.vellum.reactor.Emails.OrderEvent.OrderPlaced;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The example of the "Reactors" section of vellum-core/README.md: it runs, and the README shows
 * exactly the marked lines, without their common indentation.
 */
class ReadmeExampleTest {

    /** The mail provider of the example. */
    interface Mailer {
        String send(String message, String idempotencyKey);
    }

    @Test
    void theExampleRuns() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        InMemoryTimerStore outbox = new InMemoryTimerStore();
        EventTypes types = Emails.TYPES;
        EffectOutcomes<OrderEvent> outcomes = Emails.OUTCOMES;
        List<String> keys = new CopyOnWriteArrayList<>();
        Mailer mailer = (message, key) -> {
            keys.add(key);
            return "msg-1";
        };
        // README:start
        Reactor<OrderEvent> emails = Reactor.builder("confirmation-email", types, outcomes)
                .categories("order").handles("OrderPlaced")                    // only committed events reach it
                .decide(event -> List.of(EffectRequest.of(event.data())))      // into the outbox, with the checkpoint
                .execute(effect -> mailer.send(effect.payload(), effect.key())) // the same key on every attempt
                .build();
        RunningReactor running = emails.start(store, checkpoints, outbox);

        store.append(StreamId.of("order", 42), ExpectedRevision.noStream(),
                types.serialize(new OrderPlaced("42", "ada@example.com")));
        List<PendingEffect> toSend = running.pendingEffects();                 // the emails still to send
        StreamId outcomeStream = EffectOutcomes.defaultStream("confirmation-email", StreamId.of("order-42"));
        // soon: ConfirmationEmailSent[orderId=42, messageId=msg-1], recorded once in its own stream
        // reactor.outcomes-confirmation-email/order-42; order-42 holds only the order's events
        // README:end
        ReactorTest.await("the outcome is recorded", () -> running.executedCount() == 1);
        assertThat(store.readStream(StreamId.of("order-42"))).hasSize(1);
        assertThat(outcomeStream.value()).isEqualTo("reactor.outcomes-confirmation-email/order-42");
        assertThat(types.deserialize(store.readStream(outcomeStream).getFirst()))
                .isEqualTo(new OrderEvent.ConfirmationEmailSent("42", "msg-1"));
        assertThat(keys).singleElement().asString().startsWith("confirmation-email/");
        assertThat(toSend).hasSizeLessThanOrEqualTo(1);
        running.close();
        store.close();
    }

    @Test
    void theAfterProjectionsExampleRuns() throws Exception {
        InMemoryEventStore store = new InMemoryEventStore();
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        EventTypes types = Emails.TYPES;
        EffectOutcomes<OrderEvent> outcomes = Emails.OUTCOMES;
        Mailer mailer = (message, key) -> "msg-1";
        // README-AFTER:start
        Reactor<OrderEvent> emails = Reactor.builder("confirmation-email", types, outcomes)
                .handles("OrderPlaced")
                .decide(event -> List.of(EffectRequest.of(event.data())))
                .execute(effect -> mailer.send(effect.payload(), effect.key()))
                .after("order-history")               // by name: whichever version serves queries
                .afterAtMost(Duration.ofMinutes(10))  // the default; then it runs anyway, with a warning
                .build();
        // README-AFTER:end
        try (RunningReactor running = emails.start(store, checkpoints, new InMemoryTimerStore())) {
            store.append(StreamId.of("order", 42), ExpectedRevision.noStream(),
                    types.serialize(new OrderPlaced("42", "ada@example.com")));
            ReactorTest.await("the email waits for the order history", () -> running.status().waiting() != null);
            assertThat(running.status().waiting().on()).isEqualTo("projection order-history");
            assertThat(running.executedCount()).isZero();
        }
        store.close();
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        assertThat(readmeBlock("REACTOR-EXAMPLE")).isEqualTo(markedCode("README"));
        assertThat(readmeBlock("REACTOR-AFTER-EXAMPLE")).isEqualTo(markedCode("README-AFTER"));
    }

    private static String readmeBlock(String marker) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("<!-- " + marker + ":");
        assertThat(at).as(marker + " in the README").isNotNegative();
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static String markedCode(String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/vellum/reactor/ReadmeExampleTest.java"));
        List<String> marked = new ArrayList<>(lines.subList(lines.indexOf("        // " + marker + ":start") + 1,
                lines.indexOf("        // " + marker + ":end")));
        StringBuilder code = new StringBuilder();
        for (String line : marked) {
            code.append(line.isBlank() ? "" : line.substring(8)).append('\n');
        }
        return code.toString();
    }
}
