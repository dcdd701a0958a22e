package dev.vellum.spring.sample;

import dev.vellum.examples.order.ConfirmationEmails;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample's mail provider: it logs each email and keeps it, so a test (or an operator) sees what
 * was sent, by this instance; {@link #failNext} plays a mail server outage.
 */
public final class RecordingMailer implements ConfirmationEmails.Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingMailer.class);

    /**
     * One email sent.
     *
     * @param to the customer
     * @param subject its subject
     * @param idempotencyKey the key the reactor gave it
     */
    public record Sent(String to, String subject, String idempotencyKey) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger outages = new AtomicInteger();

    @Override
    public String send(String to, String subject, String body, String idempotencyKey) {
        if (outages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            LOG.warn("Mail server down: \"{}\" to {} not sent", subject, to);
            throw new IllegalStateException("mail server unavailable (a simulated outage)");
        }
        sent.add(new Sent(to, subject, idempotencyKey));
        LOG.info("Sent \"{}\" to {} (idempotency key {})", subject, to, idempotencyKey);
        return "msg-" + idempotencyKey;
    }

    /** Makes the next {@code attempts} sends fail, as a mail server that is down would: the reactor retries them. */
    public void failNext(int attempts) {
        outages.set(attempts);
    }

    /** Every email this instance sent, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }
}
