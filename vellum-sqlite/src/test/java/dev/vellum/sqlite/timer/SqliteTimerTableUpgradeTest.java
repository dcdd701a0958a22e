package dev.vellum.sqlite.timer;

import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.timer.tck.SqlTimerTableUpgradeSuite;
import java.nio.file.Path;

/** A SQLite read-model file whose timer table is from before deadlines upgrades in place. */
class SqliteTimerTableUpgradeTest extends SqlTimerTableUpgradeSuite {

    @Override
    protected SqlReadModel openDatabase(Path directory) {
        return SqliteReadModel.open(directory.resolve("read.db"));
    }

    @Override
    protected void close(SqlReadModel database) {
        ((SqliteReadModel) database).close();
    }
}
