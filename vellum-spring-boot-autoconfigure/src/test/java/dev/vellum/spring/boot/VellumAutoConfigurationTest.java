package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.Projection;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.spring.boot.autoconfigure.VellumActuatorAutoConfiguration;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.spring.boot.autoconfigure.VellumMetricsAutoConfiguration;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sqlite.SQLiteDataSource;

/** The auto-configuration without a DataSource (SQLite), with the application's own beans, and its typed refusals. */
class VellumAutoConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class,
                        VellumActuatorAutoConfiguration.class, VellumMetricsAutoConfiguration.class))
                .withPropertyValues("vellum.sqlite.path=" + dir.resolve("store/vellum.db"), "vellum.node=test-node");
    }

    @Test
    void withoutADataSourceTheStoreAndTheReadModelsAreSqliteFiles() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventStore.class)).isInstanceOf(SqliteEventStore.class);
            assertThat(context.getBean(SqlReadModel.class)).isInstanceOf(SqliteReadModel.class);
            assertThat(context.getBean(WorkerRegistry.class).node()).isEqualTo("test-node");
            assertThat(context).doesNotHaveBean(VellumTransactions.class);
            assertThat(dir.resolve("store/vellum.db")).exists();
            assertThat(dir.resolve("store/read-models.db")).exists();
        });
    }

    @Test
    void theApplicationsOwnBeansWin() {
        runner().withUserConfiguration(OwnStore.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventStore.class)).isSameAs(context.getBean("myStore"));
            assertThat(context.getBeansOfType(EventStore.class)).hasSize(1);
            assertThat(dir.resolve("store/vellum.db")).doesNotExist();
        });
    }

    @Test
    void aProjectionBeanRunsWithTheContextAndStopsWhenItCloses() {
        AtomicReference<RunningProjection> running = new AtomicReference<>();
        runner().withUserConfiguration(CountingProjection.class).run(context -> {
            assertThat(context).hasNotFailed();
            EventStore store = context.getBean(EventStore.class);
            AppendResult appended = store.append(StreamId.of("thing", 1), ExpectedRevision.noStream(),
                    EventData.of("ThingHappened", "{}"));
            RunningProjection projection = context.getBean(VellumWorkers.class).projection("things").orElseThrow();
            running.set(projection);
            assertThat(projection.awaitCheckpoint(appended.position(), Duration.ofSeconds(10))).isTrue();
            try (Connection c = context.getBean(SqlReadModel.class).openReader();
                    ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM things")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(context.getBean(WorkerRegistry.class).status("projection.things.v1").state())
                    .isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
        });
        assertThat(running.get().status().state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void theWorkerGaugesAreInTheApplicationsMeterRegistry() {
        runner().withUserConfiguration(CountingProjection.class, TestBeans.Meters.class)
                .withPropertyValues("vellum.metrics.refresh=50ms").run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (meters.find("vellum.worker.state").tag("worker", "projection.things.v1").gauges().isEmpty()) {
                        assertThat(System.nanoTime()).as("gauges within 10 s").isLessThan(deadline);
                        Thread.sleep(20);
                    }
                    assertThat(meters.find("vellum.worker.lag.events").tag("kind", "projection").gauge()).isNotNull();
                });
    }

    @Test
    void postgresWithoutADataSourceIsRefusedWithWhatToSet() {
        runner().withPropertyValues("vellum.store=postgres").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("spring.datasource.url");
        });
    }

    @Test
    void leasesWithoutPostgresAreRefused() {
        runner().withPropertyValues("vellum.leases.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("vellum.leases.enabled");
        });
    }

    /** Decision 50: as with Flyway or JPA, a database that does not answer at start fails the start, saying so. */
    @Test
    void aDatabaseThatDoesNotAnswerAtStartFailsTheStartWithWhatItCouldNotReach() {
        runner().withUserConfiguration(DatabaseAway.class, CountingProjection.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(VellumConfigurationException.class.getName())
                    .hasStackTraceContaining("Could not reach the application's DataSource");
        });
    }

    @Test
    void aDataSourceThatIsNotPostgresIsRefusedUnlessSqliteIsAskedFor() {
        // telling takes a connection, so it is told when the store opens: at start, as a bean needs it
        runner().withUserConfiguration(OtherDatabase.class, CountingProjection.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("not PostgreSQL").hasMessageContaining("vellum.store=sqlite");
        });
        runner().withUserConfiguration(OtherDatabase.class).withPropertyValues("vellum.store=sqlite").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventStore.class)).isInstanceOf(SqliteEventStore.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStore {
        @Bean
        EventStore myStore() {
            return new InMemoryEventStore();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CountingProjection {
        @Bean
        Projection<SqlContext> things() {
            return Projection.builder("things", SqlContext.class).categories("thing")
                    .setup(sql -> sql.createTable("things", "(position INTEGER PRIMARY KEY)"))
                    .handler((sql, event) -> sql.update("INSERT INTO {things} (position) VALUES (?)",
                            event.position().value()))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OtherDatabase {
        @Bean
        DataSource dataSource(@org.springframework.beans.factory.annotation.Value("${vellum.sqlite.path}") Path path) {
            SQLiteDataSource ds = new SQLiteDataSource();
            ds.setUrl("jdbc:sqlite:" + path.getParent().resolveSibling("other.db"));
            return ds;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DatabaseAway {
        @Bean
        DataSource dataSource() throws java.io.IOException {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort(); // closed: nothing listens there
            }
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setServerNames(new String[] {"127.0.0.1"});
            ds.setPortNumbers(new int[] {port});
            ds.setConnectTimeout(2);
            return ds;
        }
    }
}
