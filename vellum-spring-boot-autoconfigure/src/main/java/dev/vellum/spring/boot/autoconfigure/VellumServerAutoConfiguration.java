package dev.vellum.spring.boot.autoconfigure;

import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.server.CommandEndpoint;
import dev.vellum.server.Users;
import dev.vellum.server.VellumServer;
import dev.vellum.server.VellumServerBuilder;
import dev.vellum.server.alerts.Alerts;
import dev.vellum.spring.boot.MountedVellumServer;
import dev.vellum.spring.boot.VellumConfigurationException;
import dev.vellum.spring.boot.VellumProperties;
import dev.vellum.spring.boot.VellumWorkers;
import dev.vellum.spring.boot.internal.ProjectionWaiter;
import dev.vellum.store.EventStore;
import dev.vellum.worker.WorkerRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The Vellum HTTP API and web console in the application, when {@code vellum-server} is on the class
 * path and {@code vellum.server.enabled=true}: a {@link MountedVellumServer} on {@code vellum.server.bind}
 * and {@code vellum.server.port}, over the application's {@code EventStore} and {@code WorkerRegistry},
 * taking commands for the {@code CommandEndpoint} beans, letting them wait for the projection beans, and
 * showing the incidents of an {@code Alerts} bean. With Spring Security on the class path it refuses to
 * start without {@code vellum.server.users} (decision record 38).
 */
@AutoConfiguration(after = VellumAutoConfiguration.class)
@ConditionalOnClass(VellumServer.class)
@ConditionalOnProperty(prefix = "vellum.server", name = "enabled", havingValue = "true")
@ConditionalOnBean({EventStore.class, WorkerRegistry.class})
public class VellumServerAutoConfiguration {

    /** A class of Spring Security's core, whose presence says the application is meant to be secured. */
    static final String SPRING_SECURITY = "org.springframework.security.core.Authentication";

    /** The server, started and stopped with the context. */
    @Bean
    @ConditionalOnMissingBean
    public MountedVellumServer vellumServer(VellumProperties properties, EventStore store, WorkerRegistry registry,
            ObjectProvider<VellumWorkers> workers, ObjectProvider<CommandEndpoint<?, ?, ?>> endpoints,
            ObjectProvider<Projection<SqlContext>> projections, ObjectProvider<Alerts> alerts, ApplicationContext context) {
        VellumProperties.Server settings = properties.getServer();
        Users users = settings.getUsers() == null ? Users.none() : Users.load(settings.getUsers());
        if (users.isEmpty() && ClassUtils.isPresent(SPRING_SECURITY, context.getClassLoader())) {
            throw new VellumConfigurationException("vellum.server.enabled=true and Spring Security is on the class path,"
                    + " but no users are configured for the Vellum server: set vellum.server.users to a users file (one"
                    + " user a line, NAME ROLE sha256:HEX, ROLE viewer or operator; see the vellum-server README)."
                    + " The server runs on its own port, outside Spring Security's filters, so it would otherwise let"
                    + " in whoever holds the operator token it logs at start.");
        }
        VellumServerBuilder builder = VellumServer.builder(store).bind(settings.getBind(), settings.getPort())
                .users(users).workers(registry);
        endpoints.orderedStream().forEach(builder::commands);
        workers.ifAvailable(running -> projections.orderedStream().forEach(p ->
                builder.projection(p.id().name(), new ProjectionWaiter(running, p.id().name()))));
        alerts.ifAvailable(builder::alerts);
        return new MountedVellumServer(builder);
    }
}
