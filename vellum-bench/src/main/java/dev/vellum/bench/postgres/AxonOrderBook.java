package dev.vellum.bench.postgres;

import dev.vellum.bench.order.OrderPlaced;
import java.math.BigDecimal;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The Axon 4 twin of the bench's {@code OrderBook} decider: an annotated, event-sourced aggregate
 * whose one command places an order (BENCH.md's event as its payload, without the aggregate's id,
 * as Vellum's) and whose state counts the orders and sums their amounts. A command on a book that
 * does not exist yet creates it ({@code CREATE_IF_MISSING}), as a Vellum command on a new stream
 * does. Public, with a public no-argument constructor, as Axon's reflection wants it.
 */
public final class AxonOrderBook {

    /**
     * Place one order in a book.
     *
     * @param book the book, Axon's aggregate identifier ({@code order-<n>})
     * @param order the order, made by the client
     */
    public record Place(@TargetAggregateIdentifier String book, OrderPlaced order) {
    }

    @AggregateIdentifier
    private String id;
    private long orders;
    private BigDecimal total = BigDecimal.ZERO;

    /** For Axon: an empty book, before its events are applied. */
    public AxonOrderBook() {
    }

    /** How many orders the book holds. */
    public long orders() {
        return orders;
    }

    /** Their amounts added up. */
    public BigDecimal total() {
        return total;
    }

    /**
     * Places the order: applies one event.
     *
     * @param place the command
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(Place place) {
        if (id == null) {
            id = place.book();
        }
        AggregateLifecycle.apply(place.order());
    }

    /**
     * Folds one order into the count and the total.
     *
     * @param placed the event
     * @param book the aggregate it belongs to
     */
    @EventSourcingHandler
    public void on(OrderPlaced placed, @SourceId String book) {
        id = book;
        orders++;
        total = total.add(placed.amount());
    }
}
