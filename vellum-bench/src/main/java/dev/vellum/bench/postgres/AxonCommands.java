package dev.vellum.bench.postgres;

import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;

/**
 * The peer of the command rows on PostgreSQL: {@link BenchShape#WRITERS} clients sending one-event
 * commands through Axon's {@code DefaultCommandGateway.sendAndWait} ({@link AxonStack}, with a
 * snapshot every {@value AxonStack#SNAPSHOT_EVERY} events as Vellum's rows), on aggregates of
 * their own (ten commands each, then a new one) or all on {@code hot} aggregates; one operation is
 * one command, a failed command counts as none.
 */
final class AxonCommands implements Workload {

    private final int hot;

    /** @param hot how many aggregates all clients share, or 0 for aggregates of their own */
    AxonCommands(int hot) {
        this.hot = hot;
    }

    @Override
    public String name() {
        return "peer Axon 4 command bus " + BenchShape.WRITERS + " clients " + (hot == 0 ? "distinct" : hot + " hot");
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        AxonStack axon = AxonStack.open(true);
        return Fixture.of(BenchShape.WRITERS, StreamCursor.perWorker((thread, cursor) -> () -> {
            String book = cursor.nextCommandStream(thread, hot);
            try {
                axon.gateway().sendAndWait(new AxonOrderBook.Place(book, AxonPeer.randomOrder()));
                return 1;
            } catch (RuntimeException e) {
                return 0;
            }
        }), axon.events()::shutDown);
    }
}
