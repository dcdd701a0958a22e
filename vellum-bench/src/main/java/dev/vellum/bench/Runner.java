package dev.vellum.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures workloads: a warm-up run that is thrown away, then the configured number of timed
 * runs, each in a fresh directory under the data directory, deleted afterwards. A workload shown
 * in several rows of the table is measured once.
 */
public final class Runner {

    private final BenchOptions options;
    private final PrintStream progress;
    private final Map<Workload, Measurement> measured = new IdentityHashMap<>();

    /** A runner with these options, printing one line per run to {@code progress}. */
    public Runner(BenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Measures {@code workload}, or returns its measurement from earlier in this run. */
    public Measurement measure(Workload workload) throws Exception {
        Measurement known = measured.get(workload);
        if (known != null) {
            return known;
        }
        runOnce(workload, options.warmUp(), "warm-up");
        List<RunResult> runs = new ArrayList<>();
        for (int i = 1; i <= options.runs(); i++) {
            runs.add(runOnce(workload, options.runTime(), "run " + i + "/" + options.runs()));
        }
        Measurement measurement = new Measurement(workload, runs);
        measured.put(workload, measurement);
        return measurement;
    }

    private RunResult runOnce(Workload workload, Duration duration, String label) throws Exception {
        Files.createDirectories(options.dataDirectory());
        Path directory = Files.createTempDirectory(options.dataDirectory(), "run-");
        try {
            RunResult result;
            try (Fixture fixture = workload.open(directory)) {
                result = Load.run(fixture, duration);
            }
            progress.printf(Locale.ROOT, "%-40s %-8s %,12.0f events/s%n", workload.name(), label, result.eventsPerSecond());
            return result;
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
