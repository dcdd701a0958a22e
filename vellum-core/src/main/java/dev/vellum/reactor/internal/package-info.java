/** How reactors run: the outbox codec, the subscriber and the effect worker; not API. */
package dev.vellum.reactor.internal;
