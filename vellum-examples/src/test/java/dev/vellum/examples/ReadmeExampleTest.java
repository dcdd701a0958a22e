package dev.vellum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.examples.ReadmeExampleTest.OrderCommand.ConfirmOrder;
import dev.vellum.examples.ReadmeExampleTest.OrderCommand.PlaceOrder;
import dev.vellum.examples.ReadmeExampleTest.OrderEvent.OrderConfirmed;
import dev.vellum.examples.ReadmeExampleTest.OrderEvent.OrderPlaced;
import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.StreamId;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the top README's example and checks that the README shows exactly this code, so the
 * example cannot rot: the lines between the {@code README} markers below, without their common
 * indentation, must equal the README's java block.
 */
class ReadmeExampleTest {

    // README:start
    sealed interface OrderCommand {
        record PlaceOrder(String orderId, BigDecimal amount) implements OrderCommand {}
        record ConfirmOrder(String orderId) implements OrderCommand {}
    }

    sealed interface OrderEvent {
        record OrderPlaced(String orderId, BigDecimal amount) implements OrderEvent {}
        record OrderConfirmed(String orderId) implements OrderEvent {}
    }

    record Order(Status status, BigDecimal amount) {
        enum Status { NEW, PLACED, CONFIRMED }
        static final Order INITIAL = new Order(Status.NEW, BigDecimal.ZERO);

        static Decision<OrderEvent> decide(OrderCommand command, Order order) {
            return switch (command) {
                case PlaceOrder p when order.status() != Status.NEW ->
                        Decision.reject("order-exists", "order " + p.orderId() + " was placed already");
                case PlaceOrder p -> Decision.accept(new OrderPlaced(p.orderId(), p.amount()));
                case ConfirmOrder c when order.status() != Status.PLACED ->
                        Decision.reject("not-placed", "order " + c.orderId() + " is " + order.status());
                case ConfirmOrder c -> Decision.accept(new OrderConfirmed(c.orderId()));
            };
        }

        static Order evolve(Order order, OrderEvent event) {
            return switch (event) {
                case OrderPlaced p -> new Order(Status.PLACED, p.amount());
                case OrderConfirmed c -> new Order(Status.CONFIRMED, order.amount());
            };
        }
    }
    // README:pause

    @Test
    void theExampleRuns(@TempDir Path dir) {
        // README:resume

        EventTypes types = EventTypes.builder()                  // stable names, not class names
                .register("OrderPlaced", OrderPlaced.class)
                .register("OrderConfirmed", OrderConfirmed.class)
                .build();

        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("shop.db"))) {
            CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                    .builder(store, types, OrderEvent.class, Decider.of(Order.INITIAL, Order::decide, Order::evolve))
                    .snapshots(store.snapshots(), SnapshotPolicy.every(100), StateFormat.json("order", 1, Order.class))
                    .build();
            StreamId order = StreamId.of("order", 42);

            var place = new PlaceOrder("42", new BigDecimal("99.90"));
            var placed = orders.handle(order, place, CommandMetadata.of("request-7"));
            var resent = orders.handle(order, place, CommandMetadata.of("request-7"));   // reply lost? send again
            var confirmed = orders.handle(order, new ConfirmOrder("42"));
            var twice = orders.handle(order, new ConfirmOrder("42"));
            // placed, resent: Accepted[events=[OrderPlaced[orderId=42, amount=99.90]], revision=0, position=1]
            // confirmed:      Accepted[events=[OrderConfirmed[orderId=42]], revision=1, position=2]
            // twice:          Rejected[code=not-placed, reason=order 42 is CONFIRMED]
            // README:pause
            assertThat(placed).hasToString("Accepted[events=[OrderPlaced[orderId=42, amount=99.90]], revision=0, position=1]");
            assertThat(resent).isEqualTo(placed);
            assertThat(confirmed).hasToString("Accepted[events=[OrderConfirmed[orderId=42]], revision=1, position=2]");
            assertThat(twice).isEqualTo(new CommandResult.Rejected<OrderEvent>("not-placed", "order 42 is CONFIRMED"));
            assertThat(store.head().value()).as("the resend and the rejection appended nothing").isEqualTo(2);
            assertThat(orders.load(order).state()).isEqualTo(new Order(Order.Status.CONFIRMED, new BigDecimal("99.90")));
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

    /**
     * The marked stretches of this file: the first (the declarations, at class level) without its
     * common indentation, then the others (the body of the test) without theirs.
     */
    private static String markedCode() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/vellum/examples/ReadmeExampleTest.java"));
        List<String> declarations = new ArrayList<>();
        List<String> body = new ArrayList<>();
        List<String> target = null;
        for (String line : lines) {
            String marker = line.strip();
            if (marker.equals("// README:start")) {
                target = declarations;
            } else if (marker.equals("// README:resume")) {
                target = body;
            } else if (marker.equals("// README:pause") || marker.equals("// README:end")) {
                target = null;
            } else if (target != null) {
                target.add(line);
            }
        }
        return unindent(declarations) + unindent(body);
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
