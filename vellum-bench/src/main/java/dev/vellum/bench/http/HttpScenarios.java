package dev.vellum.bench.http;

import dev.vellum.bench.raw.RawInsert;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.BenchShape;
import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.AsyncAppends;
import dev.vellum.bench.store.LogTemplate;
import dev.vellum.bench.store.VellumTarget;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The HTTP API's rows (issue 12), on SQLite: appends from {@link BenchShape#WRITERS} HTTP clients
 * beside {@link BenchShape#WRITERS} {@code appendAsync} in flight in process (goal: half of it);
 * 1,000-event pages of a stream and of the log over HTTP on a large log beside the same pages in
 * process (goal: p99 under 20 ms); and the live feed's latency at 1,000 appends/s beside raw single
 * (goal: p99 under 50 ms; the throughput ratio only shows the pacing); and the console's overview,
 * streams and stream pages (issue 13), their shell and API calls on the same large log (goal: each
 * page within 200 ms on the server) beside the same reads in process.
 */
public final class HttpScenarios {

    /** Appends over HTTP. */
    public static final String APPEND = "http-append-64";

    /** Pages over HTTP. */
    public static final String PAGES = "http-page";

    /** The live feed's latency. */
    public static final String FEED = "http-feed";

    /** The console's pages, server side. */
    public static final String CONSOLE = "http-console";

    /** The scenario names, in table order. */
    public static final List<String> NAMES = List.of(APPEND, PAGES, FEED, CONSOLE);

    private HttpScenarios() {
    }

    /** The rows, with their baselines; the Vellum sides need {@code target}. */
    public static List<Comparison> rows(BenchOptions options, Optional<VellumTarget> target) {
        LogTemplate log = new LogTemplate(options.quick() ? 20_000 : 1_000_000);
        String events = String.format(Locale.ROOT, "%,d", log.events());
        Synchronous full = Synchronous.FULL;
        Optional<Workload> inProcess = target.map(t -> new AsyncAppends(t, full));
        return List.of(
                new Comparison(APPEND, BenchShape.WRITERS + " HTTP keep-alive clients × 1 event (" + full + ") vs "
                        + BenchShape.WRITERS + " appendAsync in flight in process", target.map(t -> new HttpAppends(t, full)),
                        inProcess.orElseGet(() -> RawInsert.batched(full)), OptionalDouble.of(0.5)),
                new Comparison(PAGES, "1,000-event stream page over HTTP, log of " + events + " (p99 goal < 20 ms) vs in process",
                        target.map(t -> new PageReads(log, PageReads.Source.STREAM, true)),
                        new PageReads(log, PageReads.Source.STREAM, false), OptionalDouble.empty()),
                new Comparison(PAGES, "1,000-event log page over HTTP, log of " + events + " (p99 goal < 20 ms) vs in process",
                        target.map(t -> new PageReads(log, PageReads.Source.LOG, true)),
                        new PageReads(log, PageReads.Source.LOG, false), OptionalDouble.empty()),
                new Comparison(FEED, "append → SSE client, " + FeedLatency.RATE
                        + " appends/s (FULL), p99 goal < 50 ms, vs raw single", target.map(t -> new FeedLatency()),
                        RawInsert.single(full), OptionalDouble.empty()),
                console(log, events, ConsolePageReads.Page.OVERVIEW, target),
                console(log, events, ConsolePageReads.Page.STREAMS, target),
                console(log, events, ConsolePageReads.Page.STREAM, target));
    }

    private static Comparison console(LogTemplate log, String events, ConsolePageReads.Page page,
            Optional<VellumTarget> target) {
        return new Comparison(CONSOLE, "console " + page.name().toLowerCase(Locale.ROOT) + " page (shell and API calls) "
                + "over HTTP, log of " + events + " (goal < 200 ms) vs its reads in process",
                target.map(t -> new ConsolePageReads(log, page, true)), new ConsolePageReads(log, page, false),
                OptionalDouble.empty());
    }
}
