package dev.vellum.server.internal.routes;

import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the Prometheus scrape, in its text format, readable without credentials. */
public final class MetricsRoutes implements RouteGroup {

    private final PrometheusMeterRegistry registry;
    private final Runnable refresh;

    /** Scrapes {@code registry}, after {@code refresh} set the gauges read from memory (the workers'). */
    public MetricsRoutes(PrometheusMeterRegistry registry, Runnable refresh) {
        this.registry = registry;
        this.refresh = refresh;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/metrics", Access.PUBLIC, ctx -> {
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
            refresh.run();
            ctx.result(registry.scrape());
        });
    }
}
