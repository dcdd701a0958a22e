/**
 * The workers' Micrometer meters ({@code dev.vellum.metrics.WorkerMeters}), for every host of a
 * {@code WorkerRegistry}. Micrometer is required transitively, since {@code WorkerMeters} takes a
 * {@code MeterRegistry}; it is an automatic module whose jar declares its name ({@code micrometer.core}),
 * a stable one, so javac's warning about depending on an automatic module is suppressed.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.vellum.metrics {
    requires transitive dev.vellum.core;
    requires transitive micrometer.core;

    exports dev.vellum.metrics;
}
