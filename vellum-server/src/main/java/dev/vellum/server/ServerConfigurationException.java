package dev.vellum.server;

import dev.vellum.store.VellumException;

/** The server was configured in a way it refuses to start with; the message says what to change. */
public final class ServerConfigurationException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to change */
    public ServerConfigurationException(String message) {
        super(message);
    }
}
