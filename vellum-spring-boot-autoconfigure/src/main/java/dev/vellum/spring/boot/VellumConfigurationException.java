package dev.vellum.spring.boot;

import dev.vellum.store.VellumException;

/**
 * Vellum cannot start in this application as configured: a store asked for whose DataSource is
 * missing or is not PostgreSQL, a process manager without a {@code CommandRouter}, leases without
 * PostgreSQL. The message says which property or bean to add or change; nothing was started.
 */
public class VellumConfigurationException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to change */
    public VellumConfigurationException(String message) {
        super(message);
    }

    /** @param message what is wrong and what to change @param cause the underlying error */
    public VellumConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
