package dev.vellum.postgres;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.postgres.internal.LeaseTable;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A read model whose every unit of work first checks, in its own transaction, that this instance
 * still holds the lease with the token it was given ({@link LeaseTable#fence}); a unit of work of a
 * former owner is refused with a {@link LeaseLostException} before it writes anything. Projections'
 * batches go through it, and so do the checkpoints, outbox and timers of reactors and process
 * managers (a {@code SqlTimerStore} over it).
 */
final class FencedReadModel implements SqlReadModel {

    private final SqlReadModel inner;
    private final String lease;
    private final String owner;
    private final long token;
    private final Duration ttl;

    /**
     * Fences {@code inner}'s units of work with lease {@code lease} held by {@code owner} with
     * {@code token}, a lease of time to live {@code ttl} (which bounds how long a unit of work may stay
     * silent on the server, see {@link LeaseTable#fence}).
     */
    public FencedReadModel(SqlReadModel inner, String lease, String owner, long token, Duration ttl) {
        this.inner = inner;
        this.lease = lease;
        this.owner = owner;
        this.token = token;
        this.ttl = ttl;
    }

    @Override
    public boolean exactlyOnce() {
        return inner.exactlyOnce();
    }

    @Override
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return inner.checkpoints(projection);
    }

    @Override
    public Optional<ProjectionId> active(String name) {
        return inner.active(name);
    }

    @Override
    public List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return inner.parkedEvents(projection);
    }

    @Override
    public boolean isTransient(Throwable error) {
        return inner.isTransient(error);
    }

    @Override
    public Transaction<SqlContext> begin(ProjectionId projection) {
        Transaction<SqlContext> tx = inner.begin(projection);
        boolean held;
        try {
            held = LeaseTable.fence(tx.context().connection(), lease, owner, token, ttl);
        } catch (SQLException e) {
            tx.close();
            throw SqlFailures.translate("Checking the lease '" + lease + "' failed: " + e.getMessage(), e,
                    ProjectionException::new);
        } catch (RuntimeException e) {
            tx.close();
            throw new ProjectionException("Checking the lease '" + lease + "' failed: " + e.getMessage(), e);
        }
        if (!held) {
            tx.close();
            throw new LeaseLostException(lease, owner, token);
        }
        return tx;
    }

    @Override
    public DataSource readers() {
        return inner.readers();
    }
}
