package dev.vellum.bench;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.BenchOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The header line BENCH.md asks for beside every table: when, on which JDK and which machine
 * (cores, memory), on which file system, and how the figures were taken.
 */
public final class Environment {

    private Environment() {
    }

    /** One line describing this run; {@code store} names the Vellum store, or says there is none. */
    public static String describe(BenchOptions options, String store) throws IOException {
        Runtime runtime = Runtime.getRuntime();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String jdk = "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")";
        String machine = System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + cpu().map(model -> ", " + model).orElse("")
                + ", " + runtime.availableProcessors() + " cores"
                + physicalMemory().map(bytes -> ", " + Figures.bytes(bytes) + " RAM").orElse("")
                + ", max heap " + Figures.bytes(runtime.maxMemory())
                + loadAverage().map(load -> ", load average " + load + " at start").orElse("");
        Files.createDirectories(options.dataDirectory());
        String disk = "data on " + Files.getFileStore(options.dataDirectory()).type();
        String method = (options.quick() ? "QUICK SMOKE RUN, figures mean nothing; " : "")
                + options.runs() + " runs of " + seconds(options) + " after a warm-up of "
                + options.warmUp().toMillis() / 1000.0 + " s (" + options.serverWarmUp().toMillis() / 1000.0
                + " s for workloads served over HTTP), median shown";
        String event = "event data " + OrderEvents.randomData().getBytes(StandardCharsets.UTF_8).length + " bytes";
        return String.join(" · ", "Vellum bench " + date, jdk, machine, disk, "store: " + store, event, method);
    }

    private static String seconds(BenchOptions options) {
        return options.runTime().toMillis() / 1000.0 + " s";
    }

    /** The system load average over the last minute, so a reader can tell a busy machine. */
    private static Optional<String> loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "%.1f", load));
    }

    private static Optional<Long> physicalMemory() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun
                ? Optional.of(sun.getTotalMemorySize())
                : Optional.empty();
    }

    private static Optional<String> cpu() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(cpuinfo)
                    ? Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name"))
                            .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst()
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
