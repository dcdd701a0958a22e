package dev.vellum.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.tck.BatchedWritesSuite;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** The batched-writes suite on PostgreSQL: the store in a fresh schema, the read model in one of its own. */
class PostgresBatchedWritesTest extends BatchedWritesSuite<PostgresReadModel> {

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
