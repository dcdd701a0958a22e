package dev.vellum.bench;

import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures workloads: a warm-up run of each that is thrown away, then rounds of timed runs, each
 * round running every workload once, so a burst of load from elsewhere on a shared machine hits
 * a Vellum figure and its baseline alike instead of deciding their ratio. Every run has a fresh
 * directory under the data directory, deleted afterwards. A workload passed again, or shown in
 * several rows, is measured once per runner.
 */
public final class Runner {

    private final BenchOptions options;
    private final PrintStream progress;
    private final Map<Workload, Measurement> measured = new HashMap<>();

    /** A runner with these options, printing one line per run to {@code progress}. */
    public Runner(BenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Measures, interleaved, those of {@code workloads} not measured before. */
    public void measure(List<Workload> workloads) throws Exception {
        List<Workload> pending = workloads.stream().distinct().filter(w -> !measured.containsKey(w)).toList();
        for (Workload workload : pending) {
            runOnce(workload, workload.servesHttp() ? options.serverWarmUp() : options.warmUp(), "warm-up");
        }
        Map<Workload, List<RunResult>> runs = new HashMap<>();
        for (int i = 1; i <= options.runs(); i++) {
            for (Workload workload : pending) {
                RunResult run = runOnce(workload, options.runTime(), "run " + i + "/" + options.runs());
                runs.computeIfAbsent(workload, w -> new ArrayList<>()).add(run);
            }
        }
        pending.forEach(workload -> measured.put(workload, new Measurement(workload, runs.get(workload))));
    }

    /**
     * The measurement of {@code workload}.
     *
     * @throws IllegalStateException when it was not measured
     */
    public Measurement measurement(Workload workload) {
        Measurement measurement = measured.get(workload);
        if (measurement == null) {
            throw new IllegalStateException(workload.name() + " was not measured");
        }
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
