package dev.vellum.server.alerts;

/**
 * Where {@link Alerts} send each {@link Alert}: {@link WebhookNotifier}, {@link LogNotifier}, or an
 * application's own (e-mail, SMS, a chat). It is called on the alerts' delivery thread, one alert at a
 * time, in order; it may block while it retries. Whatever it throws is logged and that alert is given
 * up for this notifier; the workers never notice.
 */
@FunctionalInterface
public interface Notifier {

    /**
     * Delivers {@code alert}.
     *
     * @throws Exception when it could not, after whatever retries it makes
     */
    void send(Alert alert) throws Exception;
}
