package dev.vellum.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreSampleTest {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseTheRead() {
        release.countDown();
    }

    @Test
    void aFreshValueIsGivenWhileTheStoreAnswers() {
        AtomicInteger reads = new AtomicInteger();
        StoreSample<Integer> sample = new StoreSample<>("test", 0, reads::incrementAndGet);
        assertThat(sample.get()).isEqualTo(new StoreSample.Reading<>(1, null));
        assertThat(sample.get()).isEqualTo(new StoreSample.Reading<>(2, null));
    }

    @Test
    void aReadThatHangsIsNotWaitedForAndMarksTheStoreUnreachableSinceItBegan() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        StoreSample<Integer> sample = new StoreSample<>("test", 0, () -> {
            if (reads.incrementAndGet() == 2) {
                await(release); // the store stops answering: far longer than the checks below
            }
            return reads.get();
        });
        assertThat(sample.get().value()).isEqualTo(1);
        Instant beforeHang = Instant.now();

        StoreSample.Reading<Integer> hanging = withinASecond(sample::get);
        assertThat(hanging).isEqualTo(new StoreSample.Reading<>(1, null)); // the last value; not known unreachable yet
        eventually(() -> withinASecond(sample::get).unreachableSince() != null);
        StoreSample.Reading<Integer> unreachable = withinASecond(sample::get);
        assertThat(unreachable.value()).isEqualTo(1);
        assertThat(unreachable.unreachableSince()).isAfterOrEqualTo(beforeHang.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .isBefore(Instant.now());
        assertThat(reads).as("one read at a time, however often it is asked").hasValue(2);

        release.countDown();
        eventually(() -> withinASecond(sample::get).equals(new StoreSample.Reading<>(3, null)));
    }

    @Test
    void aFailingReadMarksTheStoreUnreachableUntilAReadSucceeds() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        StoreSample<Integer> sample = new StoreSample<>("test", 0, () -> {
            if (reads.incrementAndGet() <= 2) {
                throw new IllegalStateException("connection refused");
            }
            return reads.get();
        });
        StoreSample.Reading<Integer> failed = sample.get();
        assertThat(failed.value()).isZero();
        assertThat(failed.unreachableSince()).isNotNull();
        assertThat(withinASecond(sample::get).unreachableSince()).as("still since the first failure")
                .isEqualTo(failed.unreachableSince());
        eventually(() -> withinASecond(sample::get).unreachableSince() == null);
        assertThat(sample.get().value()).isGreaterThanOrEqualTo(3);
    }

    private static <T> T withinASecond(java.util.function.Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call, r -> Thread.ofPlatform().daemon().start(r)).get(1, TimeUnit.SECONDS);
    }

    private static void eventually(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
