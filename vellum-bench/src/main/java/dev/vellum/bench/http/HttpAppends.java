package dev.vellum.bench.http;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.order.StreamCursor;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.store.StoreWorkload;
import dev.vellum.bench.store.VellumTarget;
import dev.vellum.store.EventStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link BenchShape#WRITERS} HTTP clients, each on its own keep-alive connection, each appending
 * one event per {@code POST /api/streams/{stream}} to streams of its own, with the streams and
 * expected revisions of {@code ConcurrentAppends} ({@link StreamCursor}). The latency is one
 * request's, from sending it to reading the answer.
 *
 * @param target the store the server serves
 * @param synchronous the {@code synchronous} setting it is opened with
 */
public record HttpAppends(VellumTarget target, Synchronous synchronous) implements StoreWorkload {

    @Override
    public String name() {
        return "Vellum " + BenchShape.WRITERS + " HTTP clients " + synchronous;
    }

    @Override
    public boolean servesHttp() {
        return true;
    }

    @Override
    public Fixture open(EventStore store) throws Exception {
        BenchServer server = new BenchServer(store);
        List<KeepAliveClient> clients = new ArrayList<>();
        for (int i = 0; i < BenchShape.WRITERS; i++) {
            clients.add(server.connect());
        }
        return Fixture.of(BenchShape.WRITERS, StreamCursor.perWorker((thread, cursor) -> {
            KeepAliveClient client = clients.get(thread);
            return () -> {
                cursor.advance();
                String expected = cursor.revision() == 0 ? "\"no-stream\"" : Long.toString(cursor.revision() - 1);
                String body = "{\"expectedRevision\":" + expected + ",\"events\":[{\"id\":\"" + OrderEvents.randomId()
                        + "\",\"type\":\"" + OrderEvents.TYPE + "\",\"data\":" + OrderEvents.randomData() + "}]}";
                KeepAliveClient.Answer answer = client.postJson("/api/streams/" + cursor.streamName(), body);
                if (answer.status() != 200) {
                    throw new IllegalStateException("The append answered " + answer.status() + ": "
                            + new String(answer.body(), StandardCharsets.UTF_8));
                }
                return 1;
            };
        }), () -> BenchServer.closeAll(clients, server, store));
    }
}
