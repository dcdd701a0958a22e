package dev.vellum.bench.http;

import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.store.LogTemplate;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.StreamAppender;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pages of {@value #PAGE} events read from a large log (a copy of a {@link LogTemplate}, whose
 * streams hold {@link StreamAppender#MAX_EVENTS_PER_APPEND} events each) at random places: of one
 * stream ({@code order-1}, from a random revision) or of the global log (after a random position).
 * Over HTTP, one client on a keep-alive connection asks {@code GET /api/streams/order-1?from=R&limit=1000}
 * or {@code GET /api/log?after=P&limit=1000} and reads the whole answer; in process, the same page
 * through the store's port, for comparison. One operation is one page; its latency is the page's.
 *
 * @param log the log whose copy is read
 * @param source what is paged
 * @param overHttp over HTTP, or in process through the store's port
 */
public record PageReads(LogTemplate log, Source source, boolean overHttp) implements LogPageReads {

    /** Events per page: the API's largest page. */
    public static final int PAGE = 1_000;

    /** What is paged. */
    public enum Source {
        /** One stream's events. */
        STREAM,
        /** The global log. */
        LOG
    }

    @Override
    public String name() {
        return (overHttp ? "Vellum HTTP " : "Vellum in-process ") + source.name().toLowerCase(Locale.ROOT) + " page";
    }

    @Override
    public Operation readInProcess(LogPages pages) {
        return () -> {
            int read = source == Source.STREAM
                    ? pages.store.readStream(pages.stream, ReadDirection.FORWARDS, pages.randomRevision(PAGE), PAGE).size()
                    : pages.store.readAll(Position.of(ThreadLocalRandom.current().nextInt(log.events() - PAGE + 1)),
                            LogFilter.all(), PAGE).size();
            pages.consume(read);
            return read;
        };
    }

    @Override
    public LogPages.HttpPage readOverHttp(LogPages pages) {
        return client -> {
            pages.get(client, source == Source.STREAM
                    ? "/api/streams/" + pages.stream.value() + "?from=" + pages.randomRevision(PAGE) + "&limit=" + PAGE
                    : "/api/log?after=" + ThreadLocalRandom.current().nextInt(log.events() - PAGE + 1) + "&limit=" + PAGE);
            return PAGE;
        };
    }
}
