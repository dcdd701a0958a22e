package dev.vellum.bench.decider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.OrderPlaced;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.serde.EventTypes;
import dev.vellum.serde.VellumJson;
import dev.vellum.snapshot.StateFormat;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The aggregate the decider scenarios run: a book of orders whose command places one order (the
 * BENCH.md event) and whose state counts the orders and sums their amounts, so every load
 * deserializes and folds every event it reads.
 */
public final class OrderBook {

    /**
     * Place one order.
     *
     * @param order the order, made by the client: deciders stay pure
     */
    public record Place(OrderPlaced order) {
    }

    /**
     * The book's state.
     *
     * @param orders how many orders
     * @param total their amounts added up
     */
    public record State(long orders, BigDecimal total) {
    }

    /** The event registry: the BENCH.md event under its type name. */
    public static final EventTypes TYPES = EventTypes.builder().register(OrderEvents.TYPE, OrderPlaced.class).build();

    /** Accepts every order; folds count and total. */
    public static final Decider<Place, State, OrderPlaced> DECIDER = Decider.of(new State(0, BigDecimal.ZERO),
            (place, book) -> Decision.accept(place.order()),
            (book, placed) -> new State(book.orders() + 1, book.total().add(placed.amount())));

    /** How the state goes into snapshots. */
    public static final StateFormat<State> FORMAT = StateFormat.json("order-book", 1, State.class);

    private static final ObjectReader ORDER = VellumJson.newObjectMapper().readerFor(OrderPlaced.class);

    private OrderBook() {
    }

    /** A command placing a random order with the data of {@link OrderEvents#randomData()}. */
    public static Place randomPlace() {
        try {
            return new Place(ORDER.readValue(OrderEvents.randomData()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
