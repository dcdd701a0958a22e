/**
 * Vellum's HTTP API, web console, metrics, health and alerts over an event store, and the
 * {@code vellum} command line: configured through {@code dev.vellum.server} and
 * {@code dev.vellum.server.alerts}, run from {@code dev.vellum.server.cli}. The {@code internal}
 * packages (the routes, the request helpers, the workers' JSON) are not exported, and neither are
 * the console's files and the API description, which the server's own classes read. The command
 * line's package is open to picocli, which sets its options' fields reflectively. Prometheus's
 * registry is required transitively, since {@code VellumServerBuilder.meterRegistry} takes a
 * {@code PrometheusMeterRegistry}; like Micrometer's core it is an automatic module whose jar
 * declares its name ({@code micrometer.registry.prometheus}), a stable one, so javac's warning about
 * depending on an automatic module is suppressed.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.vellum.server {
    requires transitive dev.vellum.core;
    requires transitive info.picocli;
    requires transitive java.net.http;
    requires transitive micrometer.registry.prometheus;
    requires dev.vellum.metrics;
    requires dev.vellum.postgres;
    requires dev.vellum.sqlite;
    requires io.javalin;
    requires micrometer.core;
    requires org.slf4j;

    exports dev.vellum.server;
    exports dev.vellum.server.alerts;
    exports dev.vellum.server.cli;

    opens dev.vellum.server.cli to info.picocli;
}
