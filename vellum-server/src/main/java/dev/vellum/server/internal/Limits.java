package dev.vellum.server.internal;

/**
 * The server's bounds on what one request may ask for.
 *
 * @param maxBodyBytes the largest request body read
 * @param defaultPage the page size when a request names none
 * @param maxPage the largest page a request may ask for
 */
public record Limits(long maxBodyBytes, int defaultPage, int maxPage) {
}
