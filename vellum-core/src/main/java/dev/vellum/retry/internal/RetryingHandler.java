package dev.vellum.retry.internal;

import dev.vellum.retry.Retries;
import dev.vellum.retry.RetriesExhaustedException;
import dev.vellum.store.EventHandler;
import dev.vellum.store.RecordedEvent;
import dev.vellum.time.PermanentFailure;
import dev.vellum.time.Retrying;
import dev.vellum.time.internal.TransientRetry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the subscription handler of a reactor or process manager so that an event it fails to handle
 * is handled again in place, on the subscription's thread, as its {@link Retries} say: the
 * subscription neither moves past the event nor fails while it is being retried. When the attempts
 * run out, it throws {@link RetriesExhaustedException} and the subscription fails before the event;
 * an error marked {@link PermanentFailure} (itself or a cause) is thrown at once, unretried. An error
 * that waiting can cure (the database unreachable, a connection lost) uses up none of the attempts: it
 * is retried for as long as it lasts, and {@link #retrying()} says so ({@link RetryLoop}).
 *
 * <p>Handling an event again must be harmless; the runners that use this say why it is.
 *
 * <p>{@link #stop()} ends a wait for the next attempt: the handler then throws
 * {@link InterruptedException}, which a subscription takes as being closed, not as a failure.
 */
public final class RetryingHandler implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingHandler.class);

    private final String runner;
    private final Retries retries;
    private final EventHandler handler;
    private final Predicate<Throwable> isTransient;
    private final TransientRetry transients = new TransientRetry();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * @param runner names the runner in messages, e.g. {@code Reactor 'confirmation-email'}
     * @param retries how often and how far apart
     * @param handler handles one event, all or nothing
     * @param isTransient tells the errors that waiting can cure (those of the runner's checkpoint store)
     */
    public RetryingHandler(String runner, Retries retries, EventHandler handler, Predicate<Throwable> isTransient) {
        this.runner = runner;
        this.retries = retries;
        this.handler = handler;
        this.isTransient = isTransient;
    }

    @Override
    public void handle(RecordedEvent event) throws Exception {
        Exception first = attempt(event);
        if (first == null) {
            return;
        }
        RetryLoop.Policy policy = new RetryLoop.Policy(retries.retries(), retries.backoff(), isTransient, transients);
        RetryLoop.Outcome outcome = RetryLoop.retry(policy, (wait, error) -> pause(event, wait, error),
                () -> attempt(event), first);
        switch (outcome) {
            case RetryLoop.Outcome.Succeeded s -> LOG.info("{} handled the {} event at position {} after retrying it",
                    runner, event.type(), event.position());
            case RetryLoop.Outcome.Stopped s -> throw new InterruptedException(runner
                    + " was stopped while waiting to retry the event at position " + event.position());
            case RetryLoop.Outcome.GaveUp gaveUp -> throw new RetriesExhaustedException(runner + " stopped before the "
                    + event.type() + " event at position " + event.position() + ": it still failed after "
                    + retries.attempts() + " attempt(s): " + gaveUp.last() + ". Fix the cause and start it again;"
                    + " it resumes at this event.", gaveUp.last());
        }
    }

    /** One attempt: null when it succeeded, else its error. */
    private Exception attempt(RecordedEvent event) throws Exception {
        try {
            handler.handle(event);
            return null;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (PermanentFailure.isIn(e)) {
                throw e;
            }
            return e;
        }
    }

    private boolean pause(RecordedEvent event, Duration wait, Exception error) throws InterruptedException {
        LOG.warn("{} failed on the {} event at position {}{}; retrying in {} ms: {}", runner, event.type(),
                event.position(), isTransient.test(error) ? " (waiting can cure it)" : "", wait.toMillis(), error.toString());
        return stopped.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** While an event fails with an error that waiting can cure: the last error and when it tries next. */
    public Optional<Retrying> retrying() {
        return transients.current();
    }

    /** Ends a wait for the next attempt now, and any later one at once. */
    public void stop() {
        stopped.countDown();
    }
}
