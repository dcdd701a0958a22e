package dev.vellum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.jdbc.JdbcEventStore;
import dev.vellum.metrics.WorkerMeters;
import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.server.VellumServer;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.tck.EventStoreConformanceSuite;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module-info descriptors of the library modules, read from their build output as the module
 * system reads them (the tests of those modules run on the class path, where descriptors are
 * ignored): each exports its public and {@code spi} packages and none of its {@code internal} ones;
 * together with their dependencies they resolve; and a consumer module compiled and run on the
 * module path can use a store and serve it over HTTP through them, and cannot compile against an
 * internal package.
 */
class ModuleDescriptorsTest {

    /** The server's console files and API description: resources its own classes read, in no exported package. */
    private static final String CONSOLE_FILES = "dev.vellum.server.console";

    private static final Map<String, Class<?>> LIBRARY_MODULES = Map.of(
            "dev.vellum.core", EventStore.class,
            "dev.vellum.jdbc", JdbcEventStore.class,
            "dev.vellum.metrics", WorkerMeters.class,
            "dev.vellum.sqlite", SqliteEventStore.class,
            "dev.vellum.postgres", PostgresEventStore.class,
            "dev.vellum.server", VellumServer.class,
            "dev.vellum.store.tck", EventStoreConformanceSuite.class);

    private static final String SQLITE_CONSUMER = "module consumer { requires dev.vellum.sqlite; }";

    private static ModuleFinder finder;
    private static String modulePath;

    @BeforeAll
    static void findTheModules() {
        // every entry of the test class path that the module system can read as a module, automatic or named,
        // but Kafka's: the bench's in-JVM broker brings jars that split packages between them, and no library
        // module checked here needs Kafka
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!path.toString().contains("test-classes") && !path.getFileName().toString().startsWith("kafka")
                    && isModule(path)) {
                entries.add(path);
            }
        }
        finder = ModuleFinder.of(entries.toArray(Path[]::new));
        modulePath = entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isModule(Path path) {
        try {
            return !ModuleFinder.of(path).findAll().isEmpty();
        } catch (RuntimeException e) { // a jar whose automatic module name is not valid: not needed here
            return false;
        }
    }

    @Test
    void eachLibraryModuleIsNamedByItsDescriptor() throws URISyntaxException {
        for (var module : LIBRARY_MODULES.entrySet()) {
            Path location = Path.of(module.getValue().getProtectionDomain().getCodeSource().getLocation().toURI());
            ModuleReference found = ModuleFinder.of(location).findAll().iterator().next();

            assertThat(found.descriptor().name()).as(location.toString()).isEqualTo(module.getKey());
            assertThat(found.descriptor().isAutomatic()).as(module.getKey() + " has a module-info").isFalse();
        }
    }

    @Test
    void theSpiPackagesAreExportedAndTheInternalOnesAreNot() {
        Map<String, Set<String>> exported = LIBRARY_MODULES.keySet().stream().collect(Collectors.toMap(m -> m,
                m -> descriptor(m).exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet())));

        assertThat(exported.get("dev.vellum.core")).contains("dev.vellum.store", "dev.vellum.store.spi",
                "dev.vellum.worker.spi", "dev.vellum.decider", "dev.vellum.projection");
        assertThat(exported.get("dev.vellum.jdbc")).containsExactlyInAnyOrder("dev.vellum.jdbc", "dev.vellum.jdbc.spi",
                "dev.vellum.jdbc.spi.readmodel");
        assertThat(exported.get("dev.vellum.sqlite")).containsExactlyInAnyOrder("dev.vellum.sqlite",
                "dev.vellum.sqlite.projection");
        assertThat(exported.get("dev.vellum.postgres")).containsExactly("dev.vellum.postgres");
        assertThat(exported.get("dev.vellum.metrics")).containsExactly("dev.vellum.metrics");
        assertThat(exported.get("dev.vellum.server")).containsExactlyInAnyOrder("dev.vellum.server",
                "dev.vellum.server.alerts", "dev.vellum.server.cli");
        for (String module : LIBRARY_MODULES.keySet()) {
            ModuleDescriptor d = descriptor(module);
            assertThat(d.packages()).as(module + ": every package but the internal ones is exported")
                    .filteredOn(p -> !p.contains(".internal") && !p.equals(CONSOLE_FILES))
                    .allMatch(exported.get(module)::contains);
            assertThat(exported.get(module)).as(module + " exports no internal package").noneMatch(p -> p.contains(".internal"));
        }
        assertThat(descriptor("dev.vellum.jdbc").packages()).contains("dev.vellum.jdbc.internal.readmodel");
        assertThat(descriptor("dev.vellum.server").packages()).contains("dev.vellum.server.internal",
                "dev.vellum.server.internal.routes", "dev.vellum.server.internal.workers", CONSOLE_FILES);
    }

    @Test
    void theServerOpensOnlyItsCommandLineAndOnlyToPicocli() {
        assertThat(descriptor("dev.vellum.server").opens()).singleElement().satisfies(o -> {
            assertThat(o.source()).isEqualTo("dev.vellum.server.cli");
            assertThat(o.targets()).containsExactly("info.picocli");
        });
        assertThat(descriptor("dev.vellum.server").isOpen()).isFalse();
    }

    @Test
    void theOnlyQualifiedExportIsTheAppendLookUpTheConformanceSuiteChecks() {
        List<ModuleDescriptor.Exports> qualified = LIBRARY_MODULES.keySet().stream()
                .flatMap(m -> descriptor(m).exports().stream()).filter(ModuleDescriptor.Exports::isQualified).toList();

        assertThat(qualified).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("dev.vellum.integration.internal");
            assertThat(e.targets()).containsExactly("dev.vellum.store.tck");
        });
    }

    @Test
    void theModulesResolveWithTheirDependencies() {
        Configuration resolved = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(),
                LIBRARY_MODULES.keySet());

        assertThat(resolved.findModule("dev.vellum.sqlite")).isPresent();
        assertThat(resolved.findModule("org.xerial.sqlitejdbc")).as("the driver, read by the SQLite store").isPresent();
        assertThat(resolved.findModule("com.zaxxer.hikari")).isPresent();
        assertThat(resolved.findModule("dev.vellum.postgres").orElseThrow().reads())
                .extracting(m -> m.name()).contains("dev.vellum.core", "dev.vellum.jdbc", "org.postgresql.jdbc");
        assertThat(resolved.findModule("dev.vellum.metrics").orElseThrow().reads())
                .extracting(m -> m.name()).contains("dev.vellum.core", "micrometer.core");
        assertThat(resolved.findModule("dev.vellum.server").orElseThrow().reads()).extracting(m -> m.name())
                .contains("dev.vellum.core", "dev.vellum.sqlite", "dev.vellum.postgres", "io.javalin", "info.picocli",
                        "micrometer.registry.prometheus");
    }

    @Test
    void aConsumerOnTheModulePathAppendsAndReadsThroughTheSqliteStore(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path classes = compile(dir, """
                package consumer;

                import dev.vellum.sqlite.SqliteEventStore;
                import dev.vellum.store.EventData;
                import dev.vellum.store.ExpectedRevision;
                import dev.vellum.store.StreamId;
                import java.nio.file.Path;

                public class Main {
                    public static void main(String[] args) {
                        try (SqliteEventStore store = SqliteEventStore.open(Path.of(args[0]))) {
                            StreamId order = StreamId.of("order-1");
                            store.append(order, ExpectedRevision.noStream(), java.util.List.of(
                                    EventData.of("OrderPlaced", "{\\"total\\":3}"), EventData.of("OrderShipped", "{}")));
                            var read = store.readStream(order);
                            System.out.println(read.size() + " " + read.getFirst().type() + " " + read.getFirst().data());
                        }
                    }
                }
                """).orElseThrow(() -> new AssertionError("the consumer did not compile"));

        String output = runConsumer(classes, dir);

        assertThat(output).contains("2 OrderPlaced {\"total\":3}");
    }

    @Test
    void aConsumerOnTheModulePathServesTheApiTheConsoleAndTheCommandLine(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path classes = compile(dir, "module consumer { requires dev.vellum.server; requires dev.vellum.sqlite; }", """
                package consumer;

                import dev.vellum.server.VellumServer;
                import dev.vellum.server.cli.VellumCli;
                import dev.vellum.sqlite.SqliteEventStore;
                import dev.vellum.store.EventData;
                import dev.vellum.store.ExpectedRevision;
                import dev.vellum.store.StreamId;
                import java.net.URI;
                import java.net.http.HttpClient;
                import java.net.http.HttpRequest;
                import java.net.http.HttpResponse;
                import java.nio.file.Path;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        try (SqliteEventStore store = SqliteEventStore.open(Path.of(args[0]));
                                VellumServer server = VellumServer.builder(store).bind("127.0.0.1", 0).start()) {
                            store.append(StreamId.of("order-1"), ExpectedRevision.noStream(),
                                    java.util.List.of(EventData.of("OrderPlaced", "{}")));
                            String token = server.loginUrl().orElseThrow().getQuery().substring("token=".length());
                            HttpClient http = HttpClient.newHttpClient();
                            for (String path : new String[] {"/health", "/openapi.json", "/console/", "/api/streams"}) {
                                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                                        .header("Authorization", "Bearer " + token).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                System.out.println(path + " " + answer.statusCode() + " " + answer.body().contains("order-1")
                                        + " " + answer.body().length());
                            }
                        }
                        System.out.println("cli " + VellumCli.commandLine().getSubcommands().keySet());
                    }
                }
                """).orElseThrow(() -> new AssertionError("the consumer did not compile"));

        String output = runConsumer(classes, dir);

        assertThat(output).containsPattern("/health 200 false [1-9]").containsPattern("/openapi.json 200 false [1-9]")
                .containsPattern("/console/ 200 false [1-9]").contains("/api/streams 200 true")
                .contains("cli [serve, streams, read");
    }

    @Test
    void aConsumerCannotCompileAgainstAnInternalPackage(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        boolean compiled = compile(dir, SQLITE_CONSUMER, """
                package consumer;

                public class Main {
                    public static void main(String[] args) {
                        System.out.println(dev.vellum.jdbc.internal.readmodel.SqlNames.class);
                    }
                }
                """, errors).isPresent();

        assertThat(compiled).isFalse();
        assertThat(errors.toString(StandardCharsets.UTF_8))
                .contains("package dev.vellum.jdbc.internal.readmodel is declared in module dev.vellum.jdbc, "
                        + "which does not export it");
    }

    /**
     * Runs the compiled consumer on the module path with a database file in {@code dir}, and returns
     * what it printed, once it has ended well.
     */
    private static String runConsumer(Path classes, Path dir) throws IOException, InterruptedException {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=org.xerial.sqlitejdbc", "--module-path", classes + File.pathSeparator + modulePath,
                "--module", "consumer/consumer.Main", dir.resolve("events.db").toString())
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        return output;
    }

    /** Compiles the consumer of the SQLite store, failing the test with javac's errors when it does not compile. */
    private static Optional<Path> compile(Path dir, String main) throws IOException {
        return compile(dir, SQLITE_CONSUMER, main);
    }

    /** Compiles the consumer, failing the test with javac's errors when it does not compile. */
    private static Optional<Path> compile(Path dir, String moduleInfo, String main) throws IOException {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Optional<Path> classes = compile(dir, moduleInfo, main, errors);
        if (classes.isEmpty()) {
            throw new AssertionError(errors.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }

    /**
     * Compiles a module {@code consumer} declared by {@code moduleInfo}, on the module path of the
     * library modules and their dependencies; the errors go to {@code errors}.
     */
    private static Optional<Path> compile(Path dir, String moduleInfo, String main, ByteArrayOutputStream errors)
            throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/consumer"));
        Files.writeString(sources.resolve("module-info.java"), moduleInfo);
        Files.writeString(Files.createDirectories(sources.resolve("consumer")).resolve("Main.java"), main);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // an empty class path: else javac in this process would find the modules' classes on the test class path
        List<String> arguments = new ArrayList<>(List.of("--module-path", modulePath, "-classpath", classes.toString(),
                "-d", classes.toString()));
        arguments.addAll(Arrays.asList(sources.resolve("module-info.java").toString(),
                sources.resolve("consumer/Main.java").toString()));
        int status = javac.run(null, errors, errors, arguments.toArray(String[]::new));
        return status == 0 ? Optional.of(classes) : Optional.empty();
    }

    private static ModuleDescriptor descriptor(String module) {
        return finder.find(module).orElseThrow(() -> new AssertionError(module + " is not on the module path"))
                .descriptor();
    }
}
