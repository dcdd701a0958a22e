package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Application instances of the failover tests: child JVMs running {@link LeaseChild} on the test
 * database, the lines each prints ({@code READY}, then {@code LEASED} or {@code LOST}), and the
 * steps every failover test takes: wait for one owner, kill it with SIGKILL, measure how long until
 * another instance takes over. Closing kills every instance still running.
 */
final class LeaseInstances implements AutoCloseable {

    /** A child and the lines it printed. */
    record Instance(int index, Process process, BlockingQueue<String> lines) {
    }

    /** Who took over after a kill, and how many milliseconds after it. */
    record TakeOver(Instance successor, long millis) {
    }

    private final Path dir;
    private final List<Instance> instances = new ArrayList<>();

    /** Instances whose standard error goes to {@code instance-<n>.log} in {@code dir}. */
    LeaseInstances(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts {@code count} instances of {@code kind} ({@code projection}, {@code reactor} or
     * {@code process}) and waits until each printed {@code READY}.
     */
    void start(int count, String kind, String schema, String readSchema, long ttlMs) throws Exception {
        for (int i = 0; i < count; i++) {
            instances.add(launch(instances.size(), kind, schema, readSchema, ttlMs));
        }
        for (Instance instance : instances) {
            assertThat(next(instance, 30_000)).as("instance %d opened", instance.index()).startsWith("READY");
        }
    }

    private Instance launch(int index, String kind, String schema, String readSchema, long ttlMs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LeaseChild.class.getName(), TestDatabase.jdbcUrl(), schema,
                readSchema, Long.toString(ttlMs), kind)
                .redirectError(dir.resolve("instance-" + index + ".log").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child died
            }
        });
        return new Instance(index, p, lines);
    }

    private String next(Instance instance, long timeoutMs) throws Exception {
        String line = instance.lines().poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("instance " + instance.index() + " printed nothing; its log:\n"
                    + Files.readString(dir.resolve("instance-" + instance.index() + ".log")));
        }
        return line;
    }

    /** The one instance that takes the lease; checks, a second later, that no other took it too. */
    Instance awaitOwner() throws InterruptedException {
        Instance owner = awaitLeased(instances, 15_000);
        Thread.sleep(1_000);
        assertIdleExcept(owner);
        return owner;
    }

    /** Kills {@code owner} with SIGKILL and waits until another instance takes the lease over. */
    TakeOver killAndAwaitSuccessor(Instance owner) throws InterruptedException {
        long killedAt = System.nanoTime();
        owner.process().destroyForcibly(); // SIGKILL
        owner.process().waitFor();
        Instance successor = awaitLeased(instances.stream().filter(i -> i != owner).toList(), 15_000);
        long millis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("instance %d took over %d ms after instance %d was killed%n", successor.index(), millis,
                owner.index());
        return new TakeOver(successor, millis);
    }

    /** The instance other than {@code except} that prints {@code LEASED} first, within {@code timeoutMs}. */
    Instance awaitLeasedAmong(Instance except, long timeoutMs) throws InterruptedException {
        return awaitLeased(instances.stream().filter(i -> i != except).toList(), timeoutMs);
    }

    /** The next line {@code instance} prints, within {@code timeoutMs}. */
    String nextLine(Instance instance, long timeoutMs) throws Exception {
        return next(instance, timeoutMs);
    }

    /** Checks that no instance but the given ones printed anything since it said {@code READY}. */
    void assertIdleExcept(Instance... busy) {
        List<Instance> except = List.of(busy);
        for (Instance other : instances) {
            if (!except.contains(other)) {
                assertThat(other.lines()).as("instance %d never held the lease", other.index()).isEmpty();
            }
        }
    }

    /** The one instance among {@code among} that prints {@code LEASED} first. */
    private static Instance awaitLeased(List<Instance> among, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            for (Instance i : among) {
                String line = i.lines().poll();
                if (line != null) {
                    assertThat(line).as("instance %d", i.index()).isEqualTo("LEASED");
                    return i;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no instance took the lease within " + timeoutMs + " ms");
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}) to {@code instance}'s process. */
    static void signal(Instance instance, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(instance.process().pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
    }

    /** The position of the last event stored in {@code schema}: every append committed, whatever the watermark. */
    static long lastPosition(String schema) throws Exception {
        return count("SELECT coalesce(max(position), 0) FROM " + schema + ".events");
    }

    /** The one number {@code sql} selects, on the test database. */
    static long count(String sql) throws Exception {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A condition over the database, which may throw. */
    @FunctionalInterface
    interface Condition {
        /** True when it holds. */
        boolean holds() throws Exception;
    }

    /** Waits, up to 30 seconds, until {@code condition} holds; fails saying {@code what} otherwise. */
    static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Sleeps in a test's writer thread; an interruption ends the sleep and keeps the thread interrupted. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every instance still running. */
    @Override
    public void close() throws InterruptedException {
        for (Instance i : instances) {
            i.process().destroyForcibly();
            i.process().waitFor();
        }
    }
}
