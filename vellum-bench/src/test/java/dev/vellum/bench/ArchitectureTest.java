package dev.vellum.bench;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layer rules of Vellum that hold today, checked on the production classes of every module on
 * this module's test classpath (core, jdbc, sqlite, postgres, the conformance suite, kafka,
 * metrics, examples, server, demo and the bench itself; the Spring Boot modules are not on it). A class
 * belongs to the module whose build output or jar it was loaded from, since core's packages
 * ({@code dev.vellum.store}, {@code dev.vellum.projection}, ...) do not share a module prefix.
 *
 * <p>Since the stores build on the published extension point ({@code dev.vellum.store.spi},
 * {@code dev.vellum.jdbc.spi}; decision record 35), an {@code internal} package is used only inside
 * its own module: the one exception, core's {@code dev.vellum.integration.internal} for the
 * conformance suite, is the one qualified export of core's module-info, so the module system and
 * this test agree.
 *
 * <p>Cycles are checked at two grains. Between areas, a slice is everything under one package of
 * {@code dev.vellum} ({@code dev.vellum.reactor} with its subpackages, {@code dev.vellum.sqlite} with
 * its own): two areas must not need each other (decision record 36). Between packages, every package
 * is a slice of its own, so a public package and its {@code internal} package may not need each other
 * either: the public package starts the implementation, and the implementation does not name the
 * public package back. Where an implementation class needs both, it is a package-private class of the
 * public package; what needs nothing of it stays {@code internal} (decision record 43). No place is
 * exempt: the SQLite store now holds {@code InlineProjection}, so its read models' package needs it one way
 * only, and the server's HTTP app and the routes that take its public types are package-private classes of
 * {@code dev.vellum.server}, while {@code dev.vellum.server.internal}, which every route and the alerts
 * use, names no other server package.
 */
@AnalyzeClasses(packages = "dev.vellum", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] DRIVERS_AND_FRAMEWORKS = {"org.sqlite..", "org.postgresql..", "com.zaxxer..",
        "io.zonky..", "io.javalin..", "org.apache.kafka..", "org.springframework..", "picocli..",
        "io.micrometer.."};

    /** The module of a class, from where it was loaded: its build output or its jar. */
    private static final Pattern MODULE = Pattern.compile(".*/(vellum-[a-z-]+?)(/target/classes/|-[0-9][^/]*\\.jar!/).*");

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
    static final ArchRule jdbcInternalsStayInJdbc = classes().that().resideInAPackage("dev.vellum.jdbc..")
            .and().resideInAPackage("..internal..")
            .should().onlyBeAccessed().byAnyPackage("dev.vellum.jdbc..")
            .because("what the SQL stores share is published in dev.vellum.jdbc.spi; the rest is how vellum-jdbc "
                    + "implements it");

    @ArchTest
    static final ArchRule storesBuildOnlyOnCoreJdbcAndTheirSpi = noClasses().that(areIn("vellum-sqlite", "vellum-postgres"))
            .should().dependOnClassesThat(areIn("vellum-core", "vellum-jdbc").and(resideInAPackage("..internal..")))
            .orShould().dependOnClassesThat(areIn("vellum-kafka", "vellum-metrics", "vellum-examples", "vellum-server",
                    "vellum-bench", "vellum-store-tck"))
            .because("a store is an adapter of core's port built on the published extension point (the public "
                    + "packages and dev.vellum.store.spi, dev.vellum.jdbc.spi): what Vellum's stores need, a third "
                    + "store can have too");

    @ArchTest
    static final ArchRule internalPackagesAreUsedOnlyInsideTheirModule = classes().that()
            .resideInAPackage("..internal..").should(beUsedOnlyInsideTheirModule())
            .because("an internal package is its module's implementation, which the module descriptors do not "
                    + "export; what other modules need is published in a public or spi package");

    @ArchTest
    static final ArchRule noCyclesBetweenAreas = slices().matching("dev.vellum.(*)..").should().beFreeOfCycles()
            // the conformance suite's packages (dev.vellum.store.tck, ...) sit inside the areas they certify and
            // reach across them, as a test of the whole does; they are not an area's code
            .ignoreDependency(areIn("vellum-store-tck"), DescribedPredicate.alwaysTrue())
            .because("a cycle between two areas (the store and time, projections and workers, the SQL base and a store, "
                    + "the server and kafka, ...) means neither can be understood, tested or replaced without the other");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("dev.vellum.(**)").should().beFreeOfCycles()
            .because("packages that need each other can only be read, tested and replaced together; in particular "
                    + "a public package starts its implementation, and the implementation does not name it back");

    @ArchTest
    static final ArchRule noCyclesBetweenExamples = slices().matching("dev.vellum.examples.(*)..")
            .should().beFreeOfCycles()
            .because("each example is a small application to read on its own");

    /**
     * Only classes of the same module depend on the class, but for the one qualified export of
     * core's module-info: {@code dev.vellum.integration.internal} to the conformance suite.
     */
    private static ArchCondition<JavaClass> beUsedOnlyInsideTheirModule() {
        return new ArchCondition<>("be used only inside their module") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                Optional<String> home = moduleOf(internal);
                for (Dependency d : internal.getDirectDependenciesToSelf()) {
                    Optional<String> user = moduleOf(d.getOriginClass());
                    boolean exported = internal.getPackageName().equals("dev.vellum.integration.internal")
                            && user.equals(Optional.of("vellum-store-tck"));
                    if (!user.equals(home) && !exported) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription() + " (from "
                                + user.orElse("?") + " into " + home.orElse("?") + ")"));
                    }
                }
            }
        };
    }

    /** The module whose build output or jar {@code c} was loaded from, e.g. {@code vellum-core}. */
    private static Optional<String> moduleOf(JavaClass c) {
        return c.getSource().map(s -> MODULE.matcher(s.getUri().toString())).filter(Matcher::matches)
                .map(m -> m.group(1));
    }

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
