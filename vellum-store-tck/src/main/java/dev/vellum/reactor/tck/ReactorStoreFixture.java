package dev.vellum.reactor.tck;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.store.EventStore;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import java.nio.file.Path;

/**
 * What a store module hands the reactor suites ({@link EventRetriesSuite}, {@link AfterProjectionsSuite}):
 * its event store, its read model, where the checkpoints of projections and reactors are kept, and the
 * outbox kept in that read model. A store's test subclasses a suite and fills in these four.
 *
 * @param <C> the read model's transaction context
 * @param <S> the outbox and timer store, writing inside the read model's transactions
 */
public abstract class ReactorStoreFixture<C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>> {

    /** For the suites. */
    ReactorStoreFixture() {
    }

    /** A new, empty event store in {@code dir}. */
    protected abstract EventStore openStore(Path dir);

    /** A new, empty read model in {@code dir}, where the checkpoints of projections and reactors are kept. */
    protected abstract CheckpointStore<C> openReadModel(Path dir);

    /** The outbox and timers, kept in {@code readModel}. */
    protected abstract S openOutbox(CheckpointStore<C> readModel);

    /** Closes what {@link #openReadModel} opened. */
    protected abstract void close(CheckpointStore<C> readModel);
}
