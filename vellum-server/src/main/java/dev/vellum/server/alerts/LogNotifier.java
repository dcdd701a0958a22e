package dev.vellum.server.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each {@link Alert} to the log (SLF4J logger {@code dev.vellum.server.alerts.LogNotifier}): an
 * opened incident as a warning, a resolved one as information.
 */
public final class LogNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(LogNotifier.class);

    @Override
    public void send(Alert alert) {
        if (alert.phase() == Alert.Phase.OPENED) {
            LOG.warn("Alert {}", alert.summary());
        } else {
            LOG.info("Alert {}", alert.summary());
        }
    }
}
