package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.postgres.PostgresReadModel;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteDataSource;

/**
 * An application with two DataSources, neither primary: a PostgreSQL one ({@code events}) and a SQLite
 * one ({@code reports}). {@code vellum.datasource} says which the store uses; without it, or naming no
 * DataSource bean, the start is refused with the beans' names.
 */
class NamedDataSourceTest {

    private static EmbeddedPostgres server;
    private static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        dir = Files.createTempDirectory("vellum-named-datasource");
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class))
                .withUserConfiguration(TwoDataSources.class);
    }

    @Test
    void theNamedDataSourceHoldsTheEventsAndTheReadModels() {
        runner().withPropertyValues("vellum.datasource=events").run(context -> {
            assertThat(context).hasNotFailed();
            EventStore store = context.getBean(EventStore.class);
            assertThat(store).isInstanceOf(PostgresEventStore.class);
            assertThat(context.getBean(SqlReadModel.class)).isInstanceOf(PostgresReadModel.class);
            store.append(StreamId.of("thing", 1), ExpectedRevision.noStream(), EventData.of("ThingHappened", "{}"));
            JdbcTemplate events = new JdbcTemplate(context.getBean("events", DataSource.class));
            assertThat(events.queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'vellum'",
                    Integer.class)).isPositive();
            assertThat(context.getBean(VellumTransactions.class)).isNotNull();
        });
    }

    @Test
    void withoutANameTheStartIsRefusedWithTheDataSourcesNames() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("vellum.datasource").hasMessageContaining("events").hasMessageContaining("reports");
        });
    }

    @Test
    void aNameThatIsNoDataSourceBeanIsRefused() {
        runner().withPropertyValues("vellum.datasource=evnts").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("evnts").hasMessageContaining("events").hasMessageContaining("reports");
        });
    }

    @Test
    void namingTheDataSourceThatIsNotPostgresIsRefused() {
        // telling takes a connection, so it is told when the store opens: at start, as a bean needs it
        runner().withUserConfiguration(UsesTheStore.class).withPropertyValues("vellum.datasource=reports").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("not PostgreSQL");
        });
    }

    @Test
    void withNoVellumBeanThePostgresDatabaseIsNotTouched() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        runner().withPropertyValues("vellum.datasource=events", "vellum.postgres.schema=untouched").run(context -> {
            assertThat(context).hasNotFailed();
            JdbcTemplate events = new JdbcTemplate(context.getBean("events", DataSource.class));
            assertThat(events.queryForObject("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'untouched'",
                    Integer.class)).isZero();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> !before.contains(t) && t.getName().startsWith("vellum"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UsesTheStore {
        @Bean
        CommandHandler<OrderCommand, Order, OrderEvent> orders(EventStore store) {
            return CommandHandler.builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {
        @Bean(destroyMethod = "close")
        HikariDataSource events() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
            config.setMaximumPoolSize(10);
            return new HikariDataSource(config);
        }

        @Bean
        DataSource reports() {
            SQLiteDataSource sqlite = new SQLiteDataSource();
            sqlite.setUrl("jdbc:sqlite:" + dir.resolve("reports.db"));
            return sqlite;
        }
    }
}
