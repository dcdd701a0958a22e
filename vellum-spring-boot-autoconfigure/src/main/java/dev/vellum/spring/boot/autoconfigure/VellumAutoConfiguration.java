package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.integration.IntegrationPublisher;
import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.reactor.Reactor;
import dev.vellum.spring.boot.VellumProperties;
import dev.vellum.spring.boot.VellumTransactions;
import dev.vellum.spring.boot.VellumWorkers;
import dev.vellum.spring.boot.internal.DataSources;
import dev.vellum.spring.boot.internal.Nodes;
import dev.vellum.spring.boot.internal.StoreChoice;
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
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Vellum in a Spring Boot application: the event store (PostgreSQL on the application's
 * {@code DataSource}, or the one named {@code vellum.datasource}; or SQLite in {@code vellum.sqlite.path}), the read models beside it, the worker
 * registry, and {@link VellumWorkers}, which runs the projection, reactor and process manager beans
 * with the context's lifecycle. Every bean gives way to one of the application's of the same type.
 * What the application does not use costs nothing: the store, the read models, the registry and the
 * transactions bean are lazy (opened when a bean first needs them), and {@code VellumWorkers} exists only
 * when there is a worker bean for it to run.
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

    /**
     * Which database the store uses, decided at start without opening it, so that a wrong setting
     * ({@code vellum.store=postgres} without a DataSource, several DataSources and none named, leases
     * on SQLite) is refused at once.
     */
    @Bean
    @ConditionalOnMissingBean
    public StoreChoice vellumStoreChoice(VellumProperties properties, ListableBeanFactory beans) {
        return StoreChoice.of(properties, () -> DataSources.find(properties, beans));
    }

    /**
     * The event store, opened when a bean first needs it (lazy): an application that uses no Vellum
     * bean gets no file, no schema work and no thread.
     */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    public EventStore vellumEventStore(VellumProperties properties, StoreChoice choice, VellumClock clock) {
        return Stores.eventStore(properties, choice, clock);
    }

    /** The read models, their checkpoints, reactors' outboxes and timers: in the store's database or beside its file; opened when first needed. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    public SqlReadModel vellumReadModel(VellumProperties properties, EventStore store, StoreChoice choice) {
        return Stores.readModel(properties, store, store instanceof PostgresEventStore ? choice.postgres() : null);
    }

    /** The workers of this instance, and the operator actions on them; made when first needed. */
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    public WorkerRegistry vellumWorkerRegistry(VellumProperties properties, EventStore store) {
        return WorkerRegistry.open(store, Nodes.name(properties.getNode()));
    }

    /**
     * Runs the projection, reactor, process manager and integration publisher beans with the context's
     * lifecycle; only when the application declares at least one.
     */
    @Bean
    @Conditional(OnWorkerBeans.class)
    @ConditionalOnMissingBean
    public VellumWorkers vellumWorkers(VellumProperties properties, StoreChoice choice, EventStore store,
            SqlReadModel readModel, WorkerRegistry registry, ObjectProvider<Projection<SqlContext>> projections,
            ObjectProvider<Reactor<?>> reactors, ObjectProvider<ProcessManager<?, ?>> processes,
            ObjectProvider<IntegrationPublisher.Builder> publishers, ObjectProvider<CommandRouter> router) {
        VellumWorkers.LeaseOptions leases = properties.getLeases().isEnabled()
                ? new VellumWorkers.LeaseOptions(choice.postgres(), registry.node(), properties.getLeases().getTimeToLive())
                : null;
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
        @Lazy
        @ConditionalOnMissingBean
        VellumTransactions vellumTransactions(EventStore store, VellumProperties properties, ListableBeanFactory beans) {
            return new VellumTransactions(store, DataSources.find(properties, beans));
        }
    }
}
