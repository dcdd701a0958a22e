package dev.vellum.bench.http;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.Blackhole;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.store.LogTemplate;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.StreamAppender;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the page-read rows share: a copy of a large log (a {@link LogTemplate}) opened as a SQLite
 * store, its stream {@code order-1}, what they read consumed into one {@link Blackhole}, and one
 * worker reading either in process through the store's port or over HTTP on one keep-alive client.
 */
final class LogPages {

    /** The copy of the log. */
    final SqliteEventStore store;
    /** The stream the stream pages read. */
    final StreamId stream = StreamId.of(OrderEvents.streamName(1));

    private final int streamEvents;
    private final Blackhole blackhole = new Blackhole();

    private LogPages(SqliteEventStore store, int streamEvents) {
        this.store = store;
        this.streamEvents = streamEvents;
    }

    /** Opens a copy of {@code log} in {@code directory}. */
    static LogPages open(LogTemplate log, Path directory) throws Exception {
        return new LogPages(SqliteEventStore.open(log.copyInto(directory)),
                Math.min(log.events(), StreamAppender.MAX_EVENTS_PER_APPEND));
    }

    /** A random revision of {@link #stream} from which {@code page} events are still in the stream. */
    int randomRevision(int page) {
        return ThreadLocalRandom.current().nextInt(streamEvents - page + 1);
    }

    /** Keeps {@code read} from being optimised away. */
    void consume(long read) {
        blackhole.consume(read);
    }

    /** {@code GET path}, which must answer 200; its body's length is consumed. */
    void get(KeepAliveClient client, String path) throws Exception {
        KeepAliveClient.Answer answer = client.get(path);
        if (answer.status() != 200) {
            throw new IllegalStateException(path + " answered " + answer.status());
        }
        blackhole.consume(answer.body().length);
    }

    /** One worker calling {@code operation} in process; closing the fixture closes the store. */
    Fixture inProcess(Operation operation) {
        return Fixture.of(1, thread -> operation, store::close);
    }

    /**
     * One worker calling {@code page} with one keep-alive client of a {@link BenchServer} over the
     * store; closing the fixture closes the client, the server and the store.
     */
    Fixture overHttp(HttpPage page) throws Exception {
        BenchServer server = new BenchServer(store);
        KeepAliveClient client = server.connect();
        return Fixture.of(1, thread -> () -> page.read(client), () -> BenchServer.closeAll(List.of(client), server, store));
    }

    /** One operation over HTTP. */
    @FunctionalInterface
    interface HttpPage {

        /** Reads once through {@code client}; returns what the operation counts. */
        int read(KeepAliveClient client) throws Exception;
    }
}
