package dev.vellum.examples.order;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mail provider that deduplicates on the idempotency key, as real ones do: every call is counted,
 * one mail is kept per key. It can fail the next calls before sending, or after sending (the mail
 * went out, the reply was lost).
 */
final class FakeMailer implements ConfirmationEmails.Mailer {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, String> delivered = new ConcurrentHashMap<>();
    final AtomicInteger failBeforeSending = new AtomicInteger();
    final AtomicInteger failAfterSending = new AtomicInteger();

    @Override
    public String send(String to, String subject, String body, String idempotencyKey) {
        calls.add(idempotencyKey);
        if (failBeforeSending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected: the process died before the mail was sent");
        }
        delivered.putIfAbsent(idempotencyKey, to + ": " + subject);
        if (failAfterSending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("injected: the process died after the mail was sent");
        }
        return "msg-" + Integer.toHexString(idempotencyKey.hashCode());
    }
}
