/**
 * The HTTP webhook sink: signed {@code POST}s with retries and backoff, and the signature check
 * for receivers.
 */
package dev.vellum.integration.webhook;
