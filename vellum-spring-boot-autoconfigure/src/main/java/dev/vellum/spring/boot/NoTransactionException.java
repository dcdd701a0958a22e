package dev.vellum.spring.boot;

import dev.vellum.store.VellumException;

/**
 * {@link VellumTransactions#append} was called with no Spring transaction active, or on a store that
 * cannot append in one (not PostgreSQL). Nothing was appended.
 */
public class NoTransactionException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public NoTransactionException(String message) {
        super(message);
    }
}
