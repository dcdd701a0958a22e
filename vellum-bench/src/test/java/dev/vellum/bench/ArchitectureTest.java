package dev.vellum.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;

/**
 * The layer rules of Vellum that hold today, checked on the production classes of every module on
 * this module's test classpath (core, jdbc, sqlite, postgres, kafka, metrics, examples, server and
 * the bench itself; the Spring Boot modules are not on it). A class belongs to the module whose
 * build output or jar it was loaded from, since core's packages ({@code dev.vellum.store},
 * {@code dev.vellum.projection}, ...) do not share a module prefix.
 *
 * <p>Cycles are checked between areas: a slice is everything under one package of
 * {@code dev.vellum}, so {@code dev.vellum.reactor} and {@code dev.vellum.reactor.internal} are one
 * slice, and so are {@code dev.vellum.sqlite} and its subpackages. An area's public package and its
 * {@code internal} package depend on each other by design (the public builder starts the internal
 * host, which implements the public interface); what must not happen is two areas needing each other
 * (decision record 36).
 *
 * <p>The next rules to add, once issue 17's other work lands (they fail today, so they are not here
 * yet):
 * <ul>
 *   <li>{@code internal} packages used only inside their own module: the SQL stores still import
 *       core's {@code dev.vellum.store.internal} ({@code AppendValidation}, {@code StreamState},
 *       ...) and {@code vellum-jdbc}'s internals, which should become a published extension point;
 *   <li>{@code vellum-server} does not depend on {@code vellum-examples} (the demo's domain).
 * </ul>
 */
@AnalyzeClasses(packages = "dev.vellum", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] DRIVERS_AND_FRAMEWORKS = {"org.sqlite..", "org.postgresql..", "com.zaxxer..",
        "io.zonky..", "io.javalin..", "org.apache.kafka..", "org.springframework..", "picocli..",
        "io.micrometer.."};

    @ArchTest
    static final ArchRule coreKnowsNoDriverNoPoolNoFramework = noClasses().that(areIn("vellum-core"))
            .should().dependOnClassesThat().resideInAnyPackage(DRIVERS_AND_FRAMEWORKS)
            .because("core is the port: applications and the in-memory store use it with Jackson and SLF4J only, "
                    + "and each driver, pool, web framework or broker belongs to the one adapter module that needs it");

    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = noClasses().that(areIn("vellum-core"))
            .should().dependOnClassesThat(areIn("vellum-jdbc", "vellum-sqlite", "vellum-postgres", "vellum-kafka",
                    "vellum-metrics", "vellum-examples", "vellum-server", "vellum-bench"))
            .because("every other module depends on core; core knowing one of them would tie the port to an adapter");

    @ArchTest
    static final ArchRule adaptersDoNotDependOnTheirUsers = noClasses()
            .that(areIn("vellum-jdbc", "vellum-sqlite", "vellum-postgres", "vellum-kafka", "vellum-metrics"))
            .should().dependOnClassesThat(areIn("vellum-server", "vellum-examples", "vellum-bench"))
            .because("stores and integrations are libraries an application embeds without the server, "
                    + "the examples or the benchmarks");

    @ArchTest
    static final ArchRule theSharedSqlBaseKnowsNoDatabase = noClasses().that(areIn("vellum-jdbc"))
            .should().dependOnClassesThat(areIn("vellum-sqlite", "vellum-postgres"))
            .orShould().dependOnClassesThat().resideInAnyPackage("org.sqlite..", "org.postgresql..", "com.zaxxer..")
            .because("vellum-jdbc is what the SQL stores share; a database's specifics go through its Dialect, "
                    + "so that a third store can build on it");

    @ArchTest
    static final ArchRule storesDoNotKnowEachOther = noClasses().that(areIn("vellum-sqlite"))
            .should().dependOnClassesThat(areIn("vellum-postgres"))
            .orShould().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.zaxxer..")
            .because("each store is an adapter of its own that passes the conformance suite on its own");

    @ArchTest
    static final ArchRule postgresDoesNotKnowSqlite = noClasses().that(areIn("vellum-postgres"))
            .should().dependOnClassesThat(areIn("vellum-sqlite"))
            .orShould().dependOnClassesThat().resideInAPackage("org.sqlite..")
            .because("each store is an adapter of its own that passes the conformance suite on its own");

    @ArchTest
    static final ArchRule examplesDoNotDependOnTheServer = noClasses().that(areIn("vellum-examples"))
            .should().dependOnClassesThat(areIn("vellum-server", "vellum-bench"))
            .because("the examples show an application built on the toolkit's API, which runs without the server");

    @ArchTest
    static final ArchRule serverInternalsStayInTheServer = classes().that().resideInAPackage("dev.vellum.server..")
            .and().resideInAPackage("..internal..")
            .should().onlyBeAccessed().byAnyPackage("dev.vellum.server..")
            .because("the server's routes, workers and JSON are its implementation; others use its public API");

    @ArchTest
    static final ArchRule sqliteInternalsStayInSqlite = classes().that().resideInAPackage("dev.vellum.sqlite..")
            .and().resideInAPackage("..internal..")
            .should().onlyBeAccessed().byAnyPackage("dev.vellum.sqlite..")
            .because("applications configure the SQLite store through its public builder, not its implementation");

    @ArchTest
    static final ArchRule postgresInternalsStayInPostgres = classes().that().resideInAPackage("dev.vellum.postgres..")
            .and().resideInAPackage("..internal..")
            .should().onlyBeAccessed().byAnyPackage("dev.vellum.postgres..")
            .because("applications configure the PostgreSQL store through its public builder, not its "
                    + "implementation");

    @ArchTest
    static final ArchRule jdbcInternalsOnlyForTheSqlStores = classes().that().resideInAPackage("dev.vellum.jdbc..")
            .and().resideInAPackage("..internal..")
            .should().onlyBeAccessed().byAnyPackage("dev.vellum.jdbc..", "dev.vellum.sqlite..", "dev.vellum.postgres..")
            .because("what the SQL stores share is not API for applications, the server or the benchmarks");

    @ArchTest
    static final ArchRule noCyclesBetweenAreas = slices().matching("dev.vellum.(*)..").should().beFreeOfCycles()
            .because("a cycle between two areas (the store and time, projections and workers, the SQL base and a store, "
                    + "the server and kafka, ...) means neither can be understood, tested or replaced without the other");

    @ArchTest
    static final ArchRule noCyclesBetweenExamples = slices().matching("dev.vellum.examples.(*)..")
            .should().beFreeOfCycles()
            .because("each example is a small application to read on its own");

    /** Classes loaded from the build output or jar of one of {@code modules}, e.g. {@code vellum-core}. */
    private static DescribedPredicate<JavaClass> areIn(String... modules) {
        Pattern location = Pattern.compile(".*/(" + String.join("|", modules)
                + ")(/target/classes/|-[0-9][^/]*\\.jar!/).*");
        return DescribedPredicate.describe("are in " + String.join(" or ", modules),
                c -> c.getSource().map(s -> location.matcher(s.getUri().toString()).matches()).orElse(false));
    }

    private ArchitectureTest() {
    }
}
