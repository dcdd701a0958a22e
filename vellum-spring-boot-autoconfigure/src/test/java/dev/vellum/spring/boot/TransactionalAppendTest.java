package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * On PostgreSQL (a real server, one for this class), events appended through
 * {@link VellumTransactions} in a Spring transaction commit and roll back with the business rows
 * written in it: a {@code @Transactional} method that throws leaves neither.
 */
class TransactionalAppendTest {

    private static EmbeddedPostgres server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class))
                .withUserConfiguration(Database.class);
    }

    @Test
    void aRolledBackTransactionalMethodLeavesNoEventsAndACommittedOneHasBoth() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            EventStore store = context.getBean(EventStore.class);
            assertThat(store).isInstanceOf(PostgresEventStore.class);
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            jdbc.execute("CREATE TABLE IF NOT EXISTS public.invoices (order_id text PRIMARY KEY)");
            Invoices invoices = context.getBean(Invoices.class);
            long head = store.head().value();

            assertThatThrownBy(() -> invoices.invoice("o1", true)).isInstanceOf(IllegalStateException.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM public.invoices", Integer.class)).isZero();
            assertThatThrownBy(() -> store.readStream(StreamId.of("order", "o1"))).isInstanceOf(StreamNotFoundException.class);
            assertThat(store.head().value()).isEqualTo(head);

            invoices.invoice("o2", false);
            assertThat(jdbc.queryForList("SELECT order_id FROM public.invoices", String.class)).containsExactly("o2");
            assertThat(store.readStream(StreamId.of("order", "o2"))).hasSize(1);
        });
    }

    /** Application code: a business row and an event in one {@code @Transactional} method. */
    static class Invoices {
        private final JdbcTemplate jdbc;
        private final VellumTransactions transactions;

        Invoices(JdbcTemplate jdbc, VellumTransactions transactions) {
            this.jdbc = jdbc;
            this.transactions = transactions;
        }

        @Transactional
        public void invoice(String orderId, boolean failAfterwards) {
            jdbc.update("INSERT INTO public.invoices VALUES (?)", orderId);
            transactions.append(StreamId.of("order", orderId), ExpectedRevision.noStream(),
                    EventData.of("OrderInvoiced", "{\"orderId\":\"" + orderId + "\"}"));
            if (failAfterwards) {
                throw new IllegalStateException("the payment provider refused " + orderId);
            }
        }
    }

    @Test
    void outsideATransactionNothingIsAppendedAndTheErrorSaysWhatToDo() {
        runner().run(context -> {
            EventStore store = context.getBean(EventStore.class);
            long head = store.head().value();
            assertThatThrownBy(() -> context.getBean(VellumTransactions.class).append(StreamId.of("order", "o3"),
                    ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}")))
                    .isInstanceOf(NoTransactionException.class).hasMessageContaining("@Transactional");
            assertThat(store.head().value()).isEqualTo(head);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Database {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setUsername("postgres");
            config.setMaximumPoolSize(10);
            return new HikariDataSource(config);
        }

        @Bean
        Invoices invoices(DataSource dataSource, VellumTransactions transactions) {
            return new Invoices(new JdbcTemplate(dataSource), transactions);
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }
}
