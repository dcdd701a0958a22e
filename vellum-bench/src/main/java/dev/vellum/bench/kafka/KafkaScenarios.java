package dev.vellum.bench.kafka;

import dev.vellum.bench.postgres.PostgresScenarios;
import dev.vellum.bench.postgres.RawPgRecords;
import dev.vellum.bench.raw.RawSqliteRecords;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.store.VellumTarget;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The inbox rows (issue 16): a {@code KafkaInbox} taking a topic of three partitions into the SQLite
 * store ({@code FULL}, its default) and into the PostgreSQL store, each beside a plain kafka-clients
 * consumer loop writing the same records to the same database in batches, in the same run; goal at
 * least half of it.
 */
public final class KafkaScenarios {

    /** The scenario's name. */
    public static final String INBOX = "kafka-inbox";

    /** The scenario names, in table order. */
    public static final List<String> NAMES = List.of(INBOX);

    private KafkaScenarios() {
    }

    /** Records in the topic: 50,000, or a few for a quick run. */
    static int records(BenchOptions options) {
        return options.quick() ? 2_000 : 50_000;
    }

    /**
     * The rows: into SQLite ({@code target}, when one is wired in) and into PostgreSQL, each beside the
     * raw loop writing to the same database.
     */
    public static List<Comparison> rows(BenchOptions options, Optional<VellumTarget> target) {
        int records = records(options);
        String topic = String.format(Locale.ROOT, "inbox from a topic of %,d records, %d partitions", records,
                BenchBroker.PARTITIONS);
        return List.of(
                new Comparison(INBOX, topic + ", into SQLite (FULL) vs raw kafka-clients loop + batched JDBC",
                        target.filter(t -> t.modes().contains(Synchronous.FULL))
                                .map(t -> new InboxIntake("Vellum inbox → SQLite", records, t)),
                        new RawKafkaIntake("raw consumer loop → SQLite", records, RawSqliteRecords::open),
                        OptionalDouble.of(0.5)),
                new Comparison(INBOX, topic + ", into PostgreSQL vs raw kafka-clients loop + batched pgjdbc",
                        Optional.of(new InboxIntake("Vellum inbox → PostgreSQL", records, PostgresScenarios.target())),
                        new RawKafkaIntake("raw consumer loop → PostgreSQL", records, RawPgRecords::open),
                        OptionalDouble.of(0.5)));
    }
}
