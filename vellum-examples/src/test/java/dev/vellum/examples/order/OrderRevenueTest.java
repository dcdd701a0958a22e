package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionHandlerException;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.StreamId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order-revenue projection on SQLite: an order in a currency without a rate is parked with an
 * error that names the file and the line to add, the others go on; a retry before the fix leaves it
 * parked, a retry after the fix applies it.
 */
class OrderRevenueTest {

    @TempDir
    Path dir;

    @Test
    void anOrderWithoutARateParksUntilTheRateIsAddedAndItIsRetried() throws Exception {
        ExchangeRates rates = ExchangeRates.in(dir.resolve("rates.properties"));
        OrderRevenueDemo.writeStartingRates(rates);
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"));
                ProjectionRunner runner = ProjectionRunner.create(store)) {
            CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                    .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
            place(orders, "e1", "10.00", "EUR");
            place(orders, "g1", "20.00", "GBP");
            place(orders, "u1", "100.00", "USD");
            RunningProjection revenue = runner.start(OrderRevenue.projection(rates), readModel);
            assertThat(revenue.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
            assertThat(revenue.parkedEvents()).singleElement().satisfies(p -> {
                assertThat(p.stream()).isEqualTo(StreamId.of("order", "g1"));
                assertThat(p.error()).contains("No exchange rate for GBP in " + rates.file(), "GBP=1.17");
            });
            assertThat(total(readModel)).as("the other orders went on").isEqualByComparingTo("102.00");

            ParkedEvent parked = revenue.parkedEvents().getFirst();
            assertThatThrownBy(() -> revenue.retryParked(parked.position())).isInstanceOf(ProjectionHandlerException.class);
            assertThat(revenue.parkedEvents()).hasSize(1);

            rates.put("GBP", new BigDecimal("1.17"));
            revenue.retryParked(parked.position());
            assertThat(revenue.parkedEvents()).isEmpty();
            assertThat(total(readModel)).isEqualByComparingTo("125.40");
        }
    }

    @Test
    void aMissingRateSaysTheLineToAddForItsOwnCurrency() {
        ExchangeRates rates = ExchangeRates.in(dir.resolve("rates.properties"));
        assertThatThrownBy(() -> rates.euroRate("CHF")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("add a line CHF=<euros per CHF> (CHF=1.17, say)")
                .hasMessageNotContaining("GBP");
    }

    @Test
    void aRateThatIsNotANumberSaysHowToWriteIt() throws Exception {
        ExchangeRates rates = ExchangeRates.in(dir.resolve("rates.properties"));
        java.nio.file.Files.writeString(rates.file(), "GBP=one point two\n");
        assertThatThrownBy(() -> rates.euroRate("GBP")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not a number").hasMessageContaining("GBP=1.17");
    }

    private static void place(CommandHandler<OrderCommand, Order, OrderEvent> orders, String id, String amount,
            String currency) {
        orders.handle(StreamId.of("order", id), new OrderCommand.PlaceOrder(id, id + "@example.com",
                new BigDecimal(amount), currency), CommandMetadata.of("place-" + id));
    }

    private static BigDecimal total(SqliteReadModel readModel) throws Exception {
        try (Connection reader = readModel.openReader()) {
            return OrderRevenue.total(reader);
        }
    }
}
