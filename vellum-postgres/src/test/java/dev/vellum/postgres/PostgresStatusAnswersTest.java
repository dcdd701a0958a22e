package dev.vellum.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.tck.StatusAnswersSuite;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** Status and bookkeeping reads beside a hanging batch on PostgreSQL: the read model in a schema of its own. */
class PostgresStatusAnswersTest extends StatusAnswersSuite<PostgresReadModel> {

    private String schema;
    private HikariDataSource pool;

    @Override
    protected EventStore openStore(Path directory) {
        schema = TestDatabase.freshSchema();
        return PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
    }

    @Override
    protected PostgresReadModel openReadModel(Path directory) {
        pool = TestDatabase.dataSourceIn(schema + "_read", 8);
        return PostgresReadModel.open(pool);
    }

    @Override
    protected void closeReadModel(PostgresReadModel readModel) {
        readModel.close();
        pool.close();
    }
}
