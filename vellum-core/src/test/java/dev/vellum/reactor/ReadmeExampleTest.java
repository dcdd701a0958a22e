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
    void theReadmeShowsThisCode() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf("REACTOR-EXAMPLE");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        assertThat(readme.substring(start, readme.indexOf("```", start))).isEqualTo(markedCode());
    }

    private static String markedCode() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/vellum/reactor/ReadmeExampleTest.java"));
        List<String> marked = new ArrayList<>(lines.subList(lines.indexOf("        // README:start") + 1,
                lines.indexOf("        // README:end")));
        StringBuilder code = new StringBuilder();
        for (String line : marked) {
            code.append(line.isBlank() ? "" : line.substring(8)).append('\n');
        }
        return code.toString();
    }
}
