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
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The layer rules of Vellum that hold today, checked on the production classes of every module on
 * this module's test classpath (core, jdbc, sqlite, postgres, kafka, metrics, examples, server, demo
 * and the bench itself; the Spring Boot modules are not on it). A class belongs to the module whose
 * build output or jar it was loaded from, since core's packages ({@code dev.vellum.store},
 * {@code dev.vellum.projection}, ...) do not share a module prefix.
 *
 * <p>The next rules to add, once issue 17's larger work lands (they fail today, so they are not
 * here yet):
 * <ul>
 *   <li>no package cycles at all: core's top packages have cycles between them today
 *       ({@code projection} and {@code worker}, {@code serde} and {@code store}, {@code store} and
 *       {@code time}), and nine packages have one with their own {@code internal} package
 *       ({@code dev.vellum.reactor} and {@code dev.vellum.reactor.internal}, the process
 *       manager's, ...), so only the other modules' top packages are checked for cycles here;
 *   <li>{@code internal} packages used only inside their own module: the SQL stores still import
 *       core's {@code dev.vellum.store.internal} ({@code AppendValidation}, {@code StreamState},
 *       ...) and {@code vellum-jdbc}'s internals, which should become a published extension point.
 * </ul>
 */
@AnalyzeClasses(packages = "dev.vellum", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] DRIVERS_AND_FRAMEWORKS = {"org.sqlite..", "org.postgresql..", "com.zaxxer..",
        "io.zonky..", "io.javalin..", "org.apache.kafka..", "org.springframework..", "picocli..",
        "io.micrometer.."};

    private static final Set<String> MODULE_TOP_PACKAGES = Set.of("jdbc", "sqlite", "postgres", "kafka", "metrics",
            "examples", "server", "demo", "bench");

    @ArchTest
    static final ArchRule coreKnowsNoDriverNoPoolNoFramework = noClasses().that(areIn("vellum-core"))
            .should().dependOnClassesThat().resideInAnyPackage(DRIVERS_AND_FRAMEWORKS)
            .because("core is the port: applications and the in-memory store use it with Jackson and SLF4J only, "
                    + "and each driver, pool, web framework or broker belongs to the one adapter module that needs it");

    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = noClasses().that(areIn("vellum-core"))
            .should().dependOnClassesThat(areIn("vellum-jdbc", "vellum-sqlite", "vellum-postgres", "vellum-kafka",
                    "vellum-metrics", "vellum-examples", "vellum-server", "vellum-demo", "vellum-bench"))
            .because("every other module depends on core; core knowing one of them would tie the port to an adapter");

    @ArchTest
    static final ArchRule adaptersDoNotDependOnTheirUsers = noClasses()
            .that(areIn("vellum-jdbc", "vellum-sqlite", "vellum-postgres", "vellum-kafka", "vellum-metrics"))
            .should().dependOnClassesThat(areIn("vellum-server", "vellum-examples", "vellum-demo", "vellum-bench"))
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
            .should().dependOnClassesThat(areIn("vellum-server", "vellum-demo", "vellum-bench"))
            .because("the examples show an application built on the toolkit's API, which runs without the server");

    @ArchTest
    static final ArchRule serverDoesNotDependOnTheExamples = noClasses().that(areIn("vellum-server"))
            .should().dependOnClassesThat().resideInAPackage("dev.vellum.examples..")
            .orShould().dependOnClassesThat(areIn("vellum-examples", "vellum-demo"))
            .because("the server serves any application's store and workers; the demo's domain is the examples', "
                    + "and vellum-demo is what puts the two together into vellum.jar");

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
    static final ArchRule noCyclesBetweenTheModulesTopPackages = slices().matching("dev.vellum.(*)..")
            .that(DescribedPredicate.describe("are the top package of a module other than core",
                    (Slice slice) -> MODULE_TOP_PACKAGES.contains(slice.getNamePart(1))))
            .should().beFreeOfCycles()
            .because("a cycle between two modules' areas (the SQL base, a store, kafka, the server, ...) means neither "
                    + "can be understood, tested or replaced without the other");

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
