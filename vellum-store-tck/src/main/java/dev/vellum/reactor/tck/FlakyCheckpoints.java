package dev.vellum.reactor.tck;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.store.Position;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A checkpoint store whose commits can be made to fail, as when the read-model database is briefly
 * unreachable: a refused commit writes nothing (its transaction is rolled back on close), and the
 * failure is an ordinary runtime error, as a JDBC driver's would be once wrapped.
 */
final class FlakyCheckpoints<C extends ProjectionContext> implements CheckpointStore<C> {

    private final CheckpointStore<C> delegate;
    private final AtomicInteger toRefuse = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    FlakyCheckpoints(CheckpointStore<C> delegate) {
        this.delegate = delegate;
    }

    /** Refuses the next {@code commits} commits; {@code Integer.MAX_VALUE} until told otherwise, 0 to heal. */
    void refuseCommits(int commits) {
        toRefuse.set(commits);
    }

    /** How many commits were refused so far. */
    int refused() {
        return refused.get();
    }

    @Override
    public boolean exactlyOnce() {
        return delegate.exactlyOnce();
    }

    @Override
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return delegate.checkpoints(projection);
    }

    @Override
    public Optional<ProjectionId> active(String name) {
        return delegate.active(name);
    }

    @Override
    public List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return delegate.parkedEvents(projection);
    }

    @Override
    public Transaction<C> begin(ProjectionId projection) {
        Transaction<C> tx = delegate.begin(projection);
        return new Transaction<>() {
            @Override
            public C context() {
                return tx.context();
            }

            @Override
            public Optional<Checkpoints> checkpoints(ProjectionId other) {
                return tx.checkpoints(other);
            }

            @Override
            public Optional<ProjectionId> active() {
                return tx.active();
            }

            @Override
            public void resetCheckpoints(Checkpoints checkpoints) {
                tx.resetCheckpoints(checkpoints);
            }

            @Override
            public void saveCheckpoint(int partition, Position position) {
                tx.saveCheckpoint(partition, position);
            }

            @Override
            public void park(ParkedEvent event) {
                tx.park(event);
            }

            @Override
            public boolean unpark(Position position) {
                return tx.unpark(position);
            }

            @Override
            public void activate() {
                tx.activate();
            }

            @Override
            public void drop() {
                tx.drop();
            }

            @Override
            public void commit() {
                if (toRefuse.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    throw new IllegalStateException("injected: the read-model database is unreachable");
                }
                tx.commit();
            }

            @Override
            public void close() {
                tx.close();
            }
        };
    }
}
