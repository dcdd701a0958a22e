package dev.vellum.spring.sample;

import dev.vellum.examples.order.ConfirmationEmails;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample's mail provider: it logs each email and keeps it, so a test (or an operator) sees what
 * was sent, by this instance.
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

    @Override
    public String send(String to, String subject, String body, String idempotencyKey) {
        sent.add(new Sent(to, subject, idempotencyKey));
        LOG.info("Sent \"{}\" to {} (idempotency key {})", subject, to, idempotencyKey);
        return "msg-" + idempotencyKey;
    }

    /** Every email this instance sent, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }
}
