package dev.vellum.store.tck;

import dev.vellum.store.EventHandler;
import dev.vellum.store.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A handler that keeps what it was given, in order, and lets a test wait for the next event. */
class RecordingHandler implements EventHandler {

    private final List<RecordedEvent> received = new ArrayList<>();
    private final BlockingQueue<RecordedEvent> arrivals = new LinkedBlockingQueue<>();

    @Override
    public void handle(RecordedEvent event) throws Exception {
        synchronized (received) {
            received.add(event);
        }
        arrivals.add(event);
    }

    /** Everything received so far. */
    List<RecordedEvent> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The next event not yet taken, or null when none arrives within {@code timeout}. */
    RecordedEvent next(Duration timeout) throws InterruptedException {
        return arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
