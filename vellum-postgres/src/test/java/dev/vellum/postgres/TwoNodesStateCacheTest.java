package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandHandlerBuilder;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.decider.StateCacheStats;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes (two stores on one schema, each with its own handler and state cache) writing the
 * same streams: a state the other node outdated is refused by the store, dropped, read again and
 * decided on once more, so no event is lost, none is stored twice, and a rule the state enforces
 * (a counter that never passes its limit) holds across both nodes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoNodesStateCacheTest {

    record Counted(int by) {
    }

    record Count(int by) {
    }

    record Total(long value) {
    }

    private static final long LIMIT = 150;
    private static final EventTypes TYPES = EventTypes.builder().register("Counted", Counted.class).build();
    private static final Decider<Count, Total, Counted> CAPPED = Decider.of(new Total(0),
            (c, t) -> t.value() + c.by() > LIMIT ? Decision.reject("limit", "the counter would pass " + LIMIT)
                    : Decision.accept(new Counted(c.by())),
            (t, e) -> new Total(t.value() + e.by()));

    @Test
    void aStateTheOtherNodeOutdatedIsRefusedReadAgainAndDecidedOnTheStoresState() {
        String schema = TestDatabase.freshSchema();
        StreamId stream = StreamId.of("counter-1");
        try (PostgresEventStore node1 = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                PostgresEventStore node2 = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open()) {
            var handler1 = CommandHandler.builder(node1, TYPES, Counted.class, CAPPED).build();
            var handler2 = CommandHandler.builder(node2, TYPES, Counted.class, CAPPED).build();
            handler1.handle(stream, new Count(100));
            handler2.handle(stream, new Count(40)); // node 1 still caches 100 at revision 0

            assertThat(handler1.handle(stream, new Count(20)))
                    .as("140 + 20 passes the limit at the store; the cached 100 + 20 would not")
                    .isInstanceOf(CommandResult.Rejected.class);
            CommandResult<Counted> accepted = handler1.handle(stream, new Count(10)); // 150, from its cache
            assertThat(handler2.handle(stream, new Count(5))).as("node 2 caches 140 and would accept")
                    .isInstanceOf(CommandResult.Rejected.class);

            assertThat(accepted).isInstanceOfSatisfying(CommandResult.Accepted.class, a -> assertThat(a.revision()).isEqualTo(2));
            assertThat(node1.readStream(stream)).extracting(RecordedEvent::revision).containsExactly(0L, 1L, 2L);
            assertThat(handler2.load(stream).state()).isEqualTo(new Total(150));
            assertThat(handler1.cacheStats()).isEqualTo(new StateCacheStats(2, 1, 1, 1, CommandHandlerBuilder.DEFAULT_CACHED_STATES));
            assertThat(handler2.cacheStats()).isEqualTo(new StateCacheStats(1, 1, 1, 1, CommandHandlerBuilder.DEFAULT_CACHED_STATES));
        }
    }

    @Test
    void commandsFromBothNodesOnTheSameStreamsAtOnceLoseNothingAndStoreNothingTwice() throws Exception {
        String schema = TestDatabase.freshSchema();
        int streams = 4;
        int clientsPerNode = 8;
        int commandsPerClient = 25;
        try (PostgresEventStore node1 = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                PostgresEventStore node2 = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CommandHandler<Count, Total, Counted>> handlers = List.of(
                    CommandHandler.builder(node1, TYPES, Counted.class, CAPPED).build(),
                    CommandHandler.builder(node2, TYPES, Counted.class, CAPPED).build());
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                for (int client = 0; client < clientsPerNode; client++) {
                    var handler = handlers.get(node);
                    String prefix = "n" + node + "-c" + client + "-";
                    sent.add(clients.submit(() -> {
                        List<String> accepted = new ArrayList<>();
                        for (int i = 0; i < commandsPerClient; i++) {
                            String id = prefix + i;
                            StreamId stream = StreamId.of("counter-" + (i % streams));
                            if (handler.handle(stream, new Count(1), CommandMetadata.of(id)) instanceof CommandResult.Accepted<?>) {
                                accepted.add(stream + "/" + id);
                            }
                        }
                        return accepted;
                    }));
                }
            }
            Set<String> accepted = new HashSet<>();
            for (Future<List<String>> client : sent) {
                accepted.addAll(client.get());
            }

            Set<String> stored = new HashSet<>();
            long total = 0;
            for (int s = 0; s < streams; s++) {
                StreamId stream = StreamId.of("counter-" + s);
                List<RecordedEvent> events = node1.readStream(stream, ReadDirection.FORWARDS, 0, 1000);
                for (RecordedEvent event : events) {
                    assertThat(stored.add(stream + "/" + event.metadata().header(CommandMetadata.COMMAND_HEADER)))
                            .as("stored once: %s", event).isTrue();
                }
                total += handlers.get(1).load(stream).state().value();
                assertThat(handlers.get(0).load(stream).state().value()).isLessThanOrEqualTo(LIMIT);
            }
            // 400 commands of 1 on 4 counters capped at 150: 100 each, all accepted
            assertThat(stored).as("every accepted command's event, and no other").isEqualTo(accepted);
            assertThat(total).isEqualTo(accepted.size()).isEqualTo(2L * clientsPerNode * commandsPerClient);
        }
    }
}
