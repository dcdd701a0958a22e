/**
 * The conformance suites every store must pass: abstract JUnit 5 test classes, subclassed per
 * store (see {@code vellum-store-tck/README.md}). Open, so that JUnit and jqwik can run the suites'
 * test methods reflectively on the module path too.
 */
open module dev.vellum.store.tck {
    requires transitive dev.vellum.core;
    requires transitive net.jqwik.api;
    requires transitive org.assertj.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports dev.vellum.projection.tck;
    exports dev.vellum.reactor.tck;
    exports dev.vellum.store.tck;
    exports dev.vellum.timer.tck;
    exports dev.vellum.worker.tck;
}
