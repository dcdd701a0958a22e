package dev.vellum.server.internal.routes;

import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the Prometheus scrape, in its text format, readable without credentials. */
public final class MetricsRoutes implements RouteGroup {

    private final PrometheusMeterRegistry registry;

    /** Scrapes {@code registry}. */
    public MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/metrics", Access.PUBLIC, ctx -> {
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
            ctx.result(registry.scrape());
        });
    }
}
