package dev.vellum.bench.http;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.PacedSchedule;
import dev.vellum.bench.scenario.SharedLatencies;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.store.EventData;
import dev.vellum.store.StreamId;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * From an append to an SSE client of {@code GET /api/log/live} receiving it, at {@value #RATE}
 * appends/s (one event each, a new stream {@code order-<slot>}, {@code synchronous=FULL}) taken in
 * turn by {@value #WORKERS} workers; the client, on its own thread, reads each message, takes the
 * slot number from the stream name and records the time since that slot was due. Timing from the
 * slot, as {@code ProjectionLatency} does, keeps a late worker from hiding the delay.
 */
public final class FeedLatency implements Workload {

    /** Appends per second. */
    public static final int RATE = 1_000;

    private static final int WORKERS = 16;
    private static final Pattern STREAM = Pattern.compile("\"stream\":\"" + OrderEvents.CATEGORY + "-(\\d+)\"");

    @Override
    public String name() {
        return "Vellum append → SSE client";
    }

    @Override
    public boolean servesHttp() {
        return true;
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        SqliteEventStore store = SqliteEventStore.open(directory.resolve("events.db"));
        BenchServer server = new BenchServer(store);
        HttpResponse<InputStream> feed = BenchServer.feedClient().send(
                server.request("/api/log/live").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (feed.statusCode() != 200) {
            throw new IllegalStateException("The live feed answered " + feed.statusCode());
        }
        PacedSchedule schedule = new PacedSchedule(RATE);
        SharedLatencies latencies = new SharedLatencies();
        Thread reader = Thread.ofPlatform().name("bench-sse-client").daemon().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(feed.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher stream = STREAM.matcher(line);
                    if (line.startsWith("data:") && stream.find()) {
                        long due = schedule.due(Long.parseLong(stream.group(1)));
                        long latency = System.nanoTime() - due;
                        latencies.record(latency);
                    }
                }
            } catch (java.io.IOException e) {
                // the server closed the feed at the end of the run
            }
        });
        Operation paced = () -> {
            long number = schedule.next();
            schedule.awaitSlot(number);
            store.append(StreamId.of(OrderEvents.streamName(number)), ExpectedRevision.noStream(),
                    new EventData(OrderEvents.randomId(), OrderEvents.TYPE, OrderEvents.randomData(), Metadata.EMPTY));
            return 1;
        };
        return Fixture.measuring(WORKERS, thread -> paced, latencies::copy, () -> {
            try {
                server.close();
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                store.close();
            }
        });
    }
}
