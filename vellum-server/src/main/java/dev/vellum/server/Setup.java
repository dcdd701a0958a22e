package dev.vellum.server;

import dev.vellum.server.alerts.Alerts;
import dev.vellum.server.internal.Limits;
import dev.vellum.store.EventStore;
import dev.vellum.worker.WorkerRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * What a server serves, as its builder collected it.
 *
 * @param store the event store
 * @param users who may come in
 * @param registry where the meters go, and what {@code /metrics} scrapes
 * @param limits the bounds on one request
 * @param commands the command endpoints, by aggregate name
 * @param projections the read models a command may wait for, by name
 * @param workers the workers the API shows and controls; {@code null} for none
 * @param alerts the alerts whose incidents the API shows; {@code null} for none
 */
record Setup(EventStore store, Users users, PrometheusMeterRegistry registry, Limits limits,
        Map<String, CommandEndpoint<?, ?, ?>> commands, Map<String, CheckpointWaiter> projections,
        WorkerRegistry workers, Alerts alerts) {

    /** Copies the maps. */
    public Setup {
        commands = Map.copyOf(commands);
        projections = Map.copyOf(projections);
    }
}
