package dev.vellum.server;

import dev.vellum.metrics.CommandHandlerMeters;
import dev.vellum.metrics.WorkerMeters;
import dev.vellum.server.internal.JettyProblems;
import dev.vellum.server.internal.Limits;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.Problems;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.server.internal.ServerMetrics;
import dev.vellum.server.internal.StoreMeters;
import dev.vellum.server.internal.routes.AlertRoutes;
import dev.vellum.server.internal.routes.ConsoleRoutes;
import dev.vellum.server.internal.routes.EventRoutes;
import dev.vellum.server.internal.routes.FeedRoutes;
import dev.vellum.server.internal.routes.HealthRoutes;
import dev.vellum.server.internal.routes.IndexRoutes;
import dev.vellum.server.internal.routes.LogRoutes;
import dev.vellum.server.internal.routes.MetricsRoutes;
import dev.vellum.server.internal.routes.StoreRoutes;
import dev.vellum.server.internal.routes.StreamRoutes;
import dev.vellum.server.internal.workers.ProcessRoutes;
import dev.vellum.server.internal.workers.WorkerRoutes;
import dev.vellum.server.internal.workers.Workers;
import dev.vellum.store.EventStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;

/**
 * The running Javalin application: the route groups, the access check before every matched route,
 * problem documents for every error, and the headers every answer carries.
 */
final class HttpApp {

    private final Javalin javalin;
    private final List<Routes.Route> routes;
    private final FeedRoutes feeds;

    private HttpApp(Javalin javalin, List<Routes.Route> routes, FeedRoutes feeds) {
        this.javalin = javalin;
        this.routes = routes;
        this.feeds = feeds;
    }

    /** Starts serving {@code setup} on {@code host:port}; returns once it listens. */
    public static HttpApp start(Setup setup, String host, int port) {
        EventStore store = setup.store();
        Limits limits = setup.limits();
        ServerMetrics metrics = new ServerMetrics(setup.registry());
        FeedRoutes feeds = new FeedRoutes(store);
        Workers workers = new Workers(setup.workers());
        WorkerMeters workerMeters = new WorkerMeters(workers::statuses, setup.registry());
        StoreMeters storeMeters = new StoreMeters(store, setup.registry());
        setup.commands().forEach((aggregate, endpoint) ->
                CommandHandlerMeters.register(aggregate, endpoint.handler(), setup.registry()));
        Runnable beforeScrape = () -> {
            workerMeters.refresh();
            storeMeters.refresh();
        };
        List<RouteGroup> groups = List.of(new IndexRoutes(), new HealthRoutes(store, workers),
                new MetricsRoutes(setup.registry(), beforeScrape), new StoreRoutes(store, limits),
                new StreamRoutes(store, limits, metrics), new EventRoutes(store), new LogRoutes(store, limits), feeds,
                new CommandRoutes(setup.commands(), setup.projections(), limits, metrics),
                new StateRoutes(setup.commands()), new WorkerRoutes(workers, store, limits),
                new ProcessRoutes(workers, store, limits), new AlertRoutes(setup.alerts()), new ConsoleRoutes());
        Authenticator authenticator = new Authenticator(setup.users());
        List<Routes.Route> registered = new ArrayList<>();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // platform threads: a SQLite read is a native call, which pins a virtual thread's carrier
            // (two on a 2-core machine), stalling every other request while it runs
            config.concurrency.useVirtualThreads = false;
            config.http.maxRequestSize = limits.maxBodyBytes();
            // a path served for other methods answers 405 method-not-allowed, as documented, not 404
            config.http.prefer405over404 = true;
            // stream names may hold '/' and '%', sent as %2F and %25 inside one path segment
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.DEFAULT.with("vellum",
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING)));
            config.jetty.modifyServletContextHandler(handler -> {
                handler.getServletHandler().setDecodeAmbiguousURIs(true);
                handler.setErrorHandler(new JettyProblems());
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
            config.routes.before(HttpApp::headers);
            config.routes.beforeMatched(authenticator::check);
            config.routes.exception(Exception.class, (e, ctx) -> Problems.answer(ctx, e));
            config.routes.error(404, ctx -> unlessAnswered(ctx, ProblemType.NOT_FOUND,
                    "Nothing is served at " + ctx.path() + ": see /openapi.json for the resources."));
            config.routes.error(405, ctx -> unlessAnswered(ctx, ProblemType.METHOD_NOT_ALLOWED,
                    ctx.method() + " is not served at " + ctx.path() + ": see /openapi.json."));
            Routes table = new Routes(config.routes);
            groups.forEach(g -> g.register(table));
            registered.addAll(table.all());
        });
        try {
            javalin.start(host, port);
        } catch (JavalinBindException e) {
            javalin.stop();
            feeds.closeAll();
            throw new ServerConfigurationException("Port " + port + " on " + host + " is in use (or not allowed): "
                    + "stop what listens there, or pick another port (0 picks a free one).");
        }
        return new HttpApp(javalin, List.copyOf(registered), feeds);
    }

    /** The port it listens on. */
    public int port() {
        return javalin.port();
    }

    /** Every route registered, for the API description's check. */
    public List<Routes.Route> routes() {
        return routes;
    }

    /** Stops serving, and ends the live feeds' subscriptions. */
    public void stop() {
        try {
            javalin.stop();
        } finally {
            feeds.closeAll();
        }
    }

    private static void headers(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private static void unlessAnswered(Context ctx, ProblemType type, String detail) {
        if (!Problems.MEDIA_TYPE.equals(ctx.res().getContentType())) {
            Problems.write(ctx, type.status(), Problems.document(type, detail, ctx.path()));
        }
    }
}
