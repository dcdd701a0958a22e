package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.reactor.Reactor;
import dev.vellum.spring.boot.VellumConfigurationException;
import dev.vellum.spring.boot.VellumProperties;
import dev.vellum.spring.boot.VellumTransactions;
import dev.vellum.spring.boot.VellumWorkers;
import dev.vellum.spring.boot.internal.DataSources;
import dev.vellum.spring.boot.internal.Nodes;
import dev.vellum.spring.boot.internal.Stores;
import dev.vellum.store.EventStore;
import dev.vellum.time.VellumClock;
import dev.vellum.worker.WorkerRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Vellum in a Spring Boot application: the event store (PostgreSQL on the application's
 * {@code DataSource}, or the one named {@code vellum.datasource}; or SQLite in {@code vellum.sqlite.path}), the read models beside it, the worker
 * registry, and {@link VellumWorkers}, which runs the projection, reactor and process manager beans
 * with the context's lifecycle. Every bean gives way to one of the application's of the same type.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@EnableConfigurationProperties(VellumProperties.class)
public class VellumAutoConfiguration {

    /**
     * The time as timers and retries see it, for the application's reactors and process managers to be
     * built with ({@code .clock(clock)}): the system clock; {@code @VellumTest} puts a {@code ManualClock} here.
     */
    @Bean
    @ConditionalOnMissingBean
    public VellumClock vellumClock() {
        return VellumClock.system();
    }

    /** The event store. */
    @Bean
    @ConditionalOnMissingBean
    public EventStore vellumEventStore(VellumProperties properties, ListableBeanFactory beans, VellumClock clock) {
        return Stores.eventStore(properties, postgres(properties, beans), clock);
    }

    /** The read models, their checkpoints, reactors' outboxes and timers: in the store's database or beside its file. */
    @Bean
    @ConditionalOnMissingBean
    public SqlReadModel vellumReadModel(VellumProperties properties, EventStore store, ListableBeanFactory beans) {
        return Stores.readModel(properties, store, store instanceof PostgresEventStore ? postgres(properties, beans) : null);
    }

    /** The workers of this instance, and the operator actions on them. */
    @Bean
    @ConditionalOnMissingBean
    public WorkerRegistry vellumWorkerRegistry(VellumProperties properties, EventStore store) {
        return WorkerRegistry.open(store, Nodes.name(properties.getNode()));
    }

    /** Runs the projection, reactor, process manager and integration publisher beans with the context's lifecycle. */
    @Bean
    @ConditionalOnMissingBean
    public VellumWorkers vellumWorkers(VellumProperties properties, EventStore store, SqlReadModel readModel,
            WorkerRegistry registry, ObjectProvider<Projection<SqlContext>> projections,
            ObjectProvider<Reactor<?>> reactors, ObjectProvider<ProcessManager<?, ?>> processes,
            ObjectProvider<IntegrationPublisher.Builder> publishers, ObjectProvider<CommandRouter> router,
            ListableBeanFactory beans) {
        VellumWorkers.LeaseOptions leases = null;
        if (properties.getLeases().isEnabled()) {
            DataSource postgres = postgres(properties, beans);
            if (postgres == null) {
                throw new VellumConfigurationException("vellum.leases.enabled needs the"
                        + " PostgreSQL store, but it is SQLite here: give the application a PostgreSQL DataSource,"
                        + " or set vellum.leases.enabled=false (one instance per SQLite file).");
            }
            leases = new VellumWorkers.LeaseOptions(postgres, registry.node(), properties.getLeases().getTimeToLive());
        }
        return new VellumWorkers(store, readModel, registry, projections.orderedStream().toList(),
                reactors.orderedStream().toList(), processes.orderedStream().toList(), publishers.orderedStream().toList(),
                router.getIfAvailable(), leases);
    }

    /** Appends in the application's {@code @Transactional} methods, on PostgreSQL. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.jdbc.datasource.DataSourceUtils")
    @ConditionalOnBean(DataSource.class)
    static class TransactionsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        VellumTransactions vellumTransactions(EventStore store, VellumProperties properties, ListableBeanFactory beans) {
            return new VellumTransactions(store, DataSources.find(properties, beans));
        }
    }

    /** The PostgreSQL DataSource the store uses ({@code vellum.datasource}, or the single one); {@code null} for SQLite. */
    private static DataSource postgres(VellumProperties properties, ListableBeanFactory beans) {
        return Stores.postgresDataSource(properties, () -> DataSources.find(properties, beans));
    }
}
