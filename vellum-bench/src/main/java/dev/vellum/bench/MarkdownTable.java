package dev.vellum.bench;

import dev.vellum.bench.scenario.Comparison;
import dev.vellum.bench.scenario.LatencyHistogram;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Writes measured rows as the Markdown table of BENCH.md: scenario, Vellum, raw baseline, ratio,
 * p50/p99 latency, and the runs with their spread. Throughput is in events per second; the ratio
 * is Vellum's median over the baseline's.
 */
public final class MarkdownTable {

    private static final String HEADER = """
            | scenario | Vellum (events/s) | raw baseline (events/s) | ratio | p50 / p99 per append | runs (spread, events/s) |
            |---|---:|---:|---:|---|---|
            """;

    private MarkdownTable() {
    }

    /** The table under a header line, e.g. the one {@link Environment#describe} writes. */
    public static String render(String headerLine, List<Row> rows) {
        StringBuilder table = new StringBuilder(headerLine).append("\n\n").append(HEADER);
        for (Row row : rows) {
            Comparison comparison = row.comparison();
            Optional<Measurement> vellum = row.vellum();
            Measurement baseline = row.baseline();
            table.append("| ").append(comparison.label())
                    .append(" | ").append(vellum.map(v -> Figures.rate(v.median())).orElse("—"))
                    .append(" | ").append(Figures.rate(baseline.median())).append(" (").append(baseline.workload().name()).append(')')
                    .append(" | ").append(ratio(row))
                    .append(" | ").append(latency(vellum, baseline))
                    .append(" | ").append(spread(vellum, baseline))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String ratio(Row row) {
        String goal = row.comparison().goal().isPresent()
                ? " (goal ≥ " + Figures.percent(row.comparison().goal().getAsDouble()) + ")"
                : "";
        return row.ratio().map(Figures::percent).orElse("—") + goal;
    }

    private static String latency(Optional<Measurement> vellum, Measurement baseline) {
        if (!baseline.workload().reportsLatency()) {
            return "—";
        }
        StringJoiner cell = new StringJoiner("; ");
        vellum.ifPresent(v -> cell.add("Vellum " + percentiles(v)));
        cell.add(side(baseline) + " " + percentiles(baseline));
        return cell.toString();
    }

    private static String percentiles(Measurement measurement) {
        LatencyHistogram latencies = measurement.latencies();
        return Figures.latency(latencies.percentile(50)) + " / " + Figures.latency(latencies.percentile(99));
    }

    private static String spread(Optional<Measurement> vellum, Measurement baseline) {
        StringJoiner cell = new StringJoiner("; ", baseline.runs().size() + " runs: ", "");
        vellum.ifPresent(v -> cell.add("Vellum " + range(v)));
        cell.add(side(baseline) + " " + range(baseline));
        return cell.toString();
    }

    /** How the latency and spread cells name the baseline side: {@code peer} for a peer product, else {@code raw}. */
    private static String side(Measurement baseline) {
        return baseline.workload().name().startsWith("peer ") ? "peer" : "raw";
    }

    private static String range(Measurement measurement) {
        return Figures.rate(measurement.min()) + "–" + Figures.rate(measurement.max());
    }
}
