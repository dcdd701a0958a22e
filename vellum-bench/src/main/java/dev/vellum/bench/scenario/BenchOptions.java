package dev.vellum.bench.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a bench run is configured, from the command line.
 *
 * @param quick true for a short smoke run whose figures mean nothing
 * @param scenario the only scenario to run, or empty for all
 * @param runs the timed runs per workload, after one warm-up run
 * @param warmUp how long the warm-up run lasts
 * @param serverWarmUp how long the warm-up run of a workload {@linkplain Workload#servesHttp() served over
 *     HTTP} lasts: long enough for the JIT to compile the request path of Jetty, Javalin and the server
 * @param runTime how long each timed run lasts
 * @param scanEvents how many events the read scenarios put in the log before scanning it
 * @param dataDirectory where runs create their databases (use a real disk: on tmpfs fsync is free)
 */
public record BenchOptions(
        boolean quick,
        Optional<String> scenario,
        int runs,
        Duration warmUp,
        Duration serverWarmUp,
        Duration runTime,
        int scanEvents,
        Path dataDirectory) {

    /** The command-line help. */
    public static final String USAGE = """
            Usage: java -jar vellum-bench.jar [--quick] [--scenario NAME] [--runs N] [--dir PATH]
              --quick          short smoke run (about 10 s); its figures mean nothing
              --scenario NAME  run one scenario only (names are listed in the README and by --help)
              --runs N         timed runs per workload after the warm-up (default 3)
              --dir PATH       where the databases go (default: the system temp directory);
                               use a real disk, not tmpfs, or FULL costs nothing
            """;

    /** Checks the numbers. */
    public BenchOptions {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs needs 1 or more, got " + runs);
        }
        if (scanEvents < 1) {
            throw new IllegalArgumentException("scanEvents needs 1 or more, got " + scanEvents);
        }
    }

    /**
     * Parses the command line.
     *
     * @throws IllegalArgumentException for an unknown option or a missing or malformed value
     */
    public static BenchOptions parse(String... args) {
        boolean quick = false;
        Optional<String> scenario = Optional.empty();
        Integer runs = null;
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "vellum-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--scenario" -> scenario = Optional.of(value(args, ++i, "--scenario"));
                case "--runs" -> runs = number(value(args, ++i, "--runs"));
                case "--dir" -> directory = Path.of(value(args, ++i, "--dir"));
                default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "'.\n" + USAGE);
            }
        }
        return quick
                ? new BenchOptions(true, scenario, runs == null ? 3 : runs,
                        Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(400), 2_000, directory)
                : new BenchOptions(false, scenario, runs == null ? 3 : runs,
                        Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(5), 100_000, directory);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value.\n" + USAGE);
        }
        return args[index];
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--runs needs a whole number, got '" + text + "'.");
        }
    }
}
