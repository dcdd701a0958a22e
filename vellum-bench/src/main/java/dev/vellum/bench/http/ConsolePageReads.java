package dev.vellum.bench.http;

import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.store.LogTemplate;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import java.util.List;
import java.util.Locale;

/**
 * What the server does to show one console page on a large log (a copy of a {@link LogTemplate}):
 * the page's shell and every API call its script makes when it opens, in order, as the console's
 * modules make them. The overview: {@code /console/}, {@code GET /api/store} (head and stream count),
 * {@code GET /api/log?after=head-8&limit=8} (the latest events). The streams page:
 * {@code /console/streams}, {@code GET /api/categories?limit=100}, {@code GET /api/streams?limit=50}
 * (with the total). A stream's page: {@code /console/stream?name=order-1}, {@code GET /api/commands},
 * {@code GET /api/streams/order-1?direction=forwards&from=R&limit=20} at a random revision. One client
 * on a keep-alive connection on loopback, so a page's latency is the server's time plus loopback; in
 * process, the same reads through the store's port, for comparison. One operation is one page.
 *
 * @param log the log whose copy is read
 * @param page the console page
 * @param overHttp over HTTP, or in process through the store's port
 */
public record ConsolePageReads(LogTemplate log, Page page, boolean overHttp) implements LogPageReads {

    /** A stream page's events, as the console shows them. */
    static final int STREAM_PAGE = 20;

    /** The console pages measured. */
    public enum Page {
        /** {@code /console/}. */
        OVERVIEW,
        /** {@code /console/streams}. */
        STREAMS,
        /** {@code /console/stream?name=}. */
        STREAM
    }

    @Override
    public String name() {
        return (overHttp ? "Vellum HTTP console " : "Vellum in-process reads of the console ")
                + page.name().toLowerCase(Locale.ROOT) + " page";
    }

    @Override
    public Operation readInProcess(LogPages pages) {
        SqliteEventStore store = pages.store;
        return () -> {
            long read = switch (page) {
                case OVERVIEW -> {
                    long head = store.head().value();
                    yield store.countStreams("") + store.readAll(Position.of(Math.max(0, head - 8)), LogFilter.all(), 8)
                            .size();
                }
                case STREAMS -> store.listCategories("", 100).size() + store.countStreams("")
                        + store.listStreams("", "", 50).size();
                case STREAM -> store.readStream(pages.stream, ReadDirection.FORWARDS, pages.randomRevision(STREAM_PAGE),
                        STREAM_PAGE).size();
            };
            pages.consume(read);
            return 1;
        };
    }

    @Override
    public LogPages.HttpPage readOverHttp(LogPages pages) {
        return client -> {
            List<String> paths = switch (page) {
                case OVERVIEW -> List.of("/console/", "/api/store",
                        "/api/log?after=" + Math.max(0, log.events() - 8) + "&limit=8");
                case STREAMS -> List.of("/console/streams", "/api/categories?limit=100", "/api/streams?limit=50");
                case STREAM -> List.of("/console/stream?name=" + pages.stream.value(), "/api/commands",
                        "/api/streams/" + pages.stream.value() + "?direction=forwards&from="
                                + pages.randomRevision(STREAM_PAGE) + "&limit=" + STREAM_PAGE);
            };
            for (String path : paths) {
                pages.get(client, path);
            }
            return 1;
        };
    }
}
