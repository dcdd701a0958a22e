package dev.vellum.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.tck.RebuildWithoutDowntimeSuite;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/**
 * The read-model rebuild suite on PostgreSQL: the store in a fresh schema, the read model in a
 * schema of its own, where the views switch and the old tables are dropped under the queries.
 */
class PostgresRebuildWithoutDowntimeTest extends RebuildWithoutDowntimeSuite<PostgresReadModel> {

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

    @Override
    protected String countsColumns() {
        return "(stream text PRIMARY KEY, events bigint NOT NULL, built_by integer NOT NULL)";
    }

    @Override
    protected String countUpsert() {
        return "INSERT INTO {stream_counts} AS c (stream, events, built_by)"
                + " VALUES (?, 1, ?) ON CONFLICT (stream) DO UPDATE SET events = c.events + 1";
    }

    @Override
    protected String tableNamesQuery() {
        return "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()";
    }
}
