package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.timer.Timer;
import dev.vellum.timer.sql.SqlTimerStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PostgresReadModel.builder(dataSource).schema(name)}: read models, bookkeeping, timers and
 * readers in a schema of their own, on a pool whose connections know nothing of it and get their
 * own search path back.
 */
class PostgresReadModelSchemaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int POOL_SIZE = 4;

    private PostgresEventStore store;
    private HikariDataSource pool;
    private String schema;
    private String poolSchema;
    private String pathOfThePool;

    @BeforeEach
    void open() throws SQLException {
        String storeSchema = TestDatabase.freshSchema();
        store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(storeSchema).open();
        poolSchema = storeSchema + "_other";
        pool = TestDatabase.dataSourceIn(poolSchema, POOL_SIZE); // its current schema is not the read models'
        schema = storeSchema + "_models";
        pathOfThePool = searchPath(pool);
    }

    @AfterEach
    void close() {
        pool.close();
        store.close();
    }

    @Test
    void readModelsLiveInTheSchemaGivenAndThePoolsConnectionsGetTheirSearchPathBack() throws Exception {
        readModelsInTheirSchema();
    }

    @Test
    void aPoolWithoutAutoCommitGetsItsConnectionsBackAsWell() throws Exception {
        pool.close();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.jdbcUrl() + "&currentSchema=" + poolSchema);
        config.setUsername("postgres");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setAutoCommit(false);
        pool = new HikariDataSource(config);
        pathOfThePool = searchPath(pool);
        readModelsInTheirSchema();
    }

    private void readModelsInTheirSchema() throws Exception {
        for (int i = 0; i < 40; i++) {
            store.append(StreamId.of("s-" + i % 4), ExpectedRevision.any(), EventData.of("Counted", "{}"));
        }
        try (PostgresReadModel readModel = PostgresReadModel.builder(pool).schema(schema).open();
                ProjectionRunner runner = ProjectionRunner.create(store)) {
            SqlTimerStore timers = new SqlTimerStore(readModel);
            timers.schedule(new Timer("t-1", "nudges", Instant.now().plus(Duration.ofHours(1)), "{}"));
            RunningProjection running = runner.start(PgStreamStats.projection(), readModel);
            assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();

            assertThat(tablesIn(schema)).contains("stream_stats_v1", "vellum_projection_checkpoints",
                    "vellum_parked_events", "vellum_timers");
            assertThat(tablesIn(poolSchema)).as("nothing in the pool's own schema").isEmpty();
            try (Connection c = readModel.readers().getConnection()) {
                assertThat(PgStreamStats.total(c)).isEqualTo(40);
            }
            assertThat(readModel.checkpoints(running.id())).isPresent();
            assertThat(timers.pending("nudges")).hasSize(1);
        }
        assertThat(searchPath(pool)).as("every connection went back as it came").isEqualTo(pathOfThePool);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE probe (x int)"); // and writable again: the readers' read-only mode is undone
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
    }

    @Test
    void anInvalidSchemaNameIsRefusedBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> PostgresReadModel.builder(pool).schema("models; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-50 letters, digits or _");
        assertThatThrownBy(() -> PostgresReadModel.builder(pool).schema("1st")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The search path and read-only setting of the pool's connections, taking them all at once; all the same. */
    private static String searchPath(DataSource pool) throws SQLException {
        List<Connection> all = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                all.add(pool.getConnection());
            }
            for (Connection c : all) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT current_setting('search_path') || ' ' || current_setting('default_transaction_read_only')")) {
                    rs.next();
                    paths.add(rs.getString(1));
                }
            }
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
        assertThat(paths).as("every connection of the pool").containsOnly(paths.getFirst());
        return paths.getFirst();
    }

    private static List<String> tablesIn(String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = TestDatabase.dataSource().getConnection();
                var ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
