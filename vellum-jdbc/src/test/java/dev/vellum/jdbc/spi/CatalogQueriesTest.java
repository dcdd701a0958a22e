package dev.vellum.jdbc.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.CategorySummary;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamSummary;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream and category listings of {@link CatalogQueries} over hand-written {@code streams} rows. */
class CatalogQueriesTest {

    private final CatalogQueries queries = new CatalogQueries(new TestDatabase.TestDialect(null));
    private TestDatabase db;

    @BeforeEach
    void open() throws SQLException {
        db = new TestDatabase();
        db.stream("order-1", 4, 0, false, false);
        db.stream("order-2", 0, 1, true, false);
        db.stream("order-10", 2, 3, false, true);
        db.stream("orders", 0, 0, false, false);
        db.stream("invoice-1", 1, 0, false, false);
        db.stream("order-\uD83D\uDE00", 0, 0, false, false); // above U+FFFF: still under the prefix's bound
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void streamsUnderAPrefixArePagedInCodePointOrderWithTheirState() throws SQLException {
        assertThat(queries.listStreams(db.statements(), "order-", "", 10)).extracting(s -> s.stream().value())
                .containsExactly("order-1", "order-10", "order-2", "order-\uD83D\uDE00");
        assertThat(queries.listStreams(db.statements(), "order-", "order-10", 2)).extracting(s -> s.stream().value())
                .containsExactly("order-2", "order-\uD83D\uDE00");
        assertThat(queries.listStreams(db.statements(), "order-", "", 3)).containsExactly(
                new StreamSummary(StreamId.of("order-1"), 4, 0, StreamSummary.Status.ACTIVE),
                new StreamSummary(StreamId.of("order-10"), 2, 3, StreamSummary.Status.TOMBSTONED),
                new StreamSummary(StreamId.of("order-2"), 0, 1, StreamSummary.Status.DELETED));
    }

    @Test
    void anEmptyPrefixListsEveryStream() throws SQLException {
        assertThat(queries.listStreams(db.statements(), "", "", 100)).hasSize(6);
        assertThat(queries.countStreams(db.statements(), "")).isEqualTo(6);
    }

    @Test
    void countsOnlyTheStreamsUnderThePrefix() throws SQLException {
        assertThat(queries.countStreams(db.statements(), "order-")).isEqualTo(4);
        assertThat(queries.countStreams(db.statements(), "order")).isEqualTo(5);
        assertThat(queries.countStreams(db.statements(), "nothing")).isZero();
    }

    @Test
    void categoriesAreCountedAndPaged() throws SQLException {
        assertThat(queries.listCategories(db.statements(), "", 10)).containsExactly(
                new CategorySummary("invoice", 1), new CategorySummary("order", 4),
                new CategorySummary("orders", 1));
        assertThat(queries.listCategories(db.statements(), "invoice", 1))
                .containsExactly(new CategorySummary("order", 4));
    }
}
