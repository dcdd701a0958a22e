/**
 * The service-provider interface for writing an event store: what every store runs so that all of
 * them keep one contract. An append is checked with {@link dev.vellum.store.spi.AppendValidation}
 * and other calls with {@link dev.vellum.store.spi.Arguments} before storage is touched; an append is
 * decided against the stream's {@link dev.vellum.store.spi.StreamState} (expected revisions,
 * deletions) and, when its event ids were seen before, by {@link dev.vellum.store.spi.Idempotency}
 * (a retry returns the first result, anything else is a conflict); the first event of a
 * multi-event append carries {@link dev.vellum.store.spi.AppendMark}; metadata is stored as
 * {@link dev.vellum.store.spi.MetadataJson}. Subscriptions come from a
 * {@link dev.vellum.store.spi.SubscriptionSet}, woken by the store's
 * {@link dev.vellum.store.spi.AppendSignal}.
 *
 * <p>Applications never need this package. A store is done when it passes the conformance suite in
 * {@code vellum-store-tck} (see that module's README); SQL stores build on {@code vellum-jdbc}.
 */
package dev.vellum.store.spi;
