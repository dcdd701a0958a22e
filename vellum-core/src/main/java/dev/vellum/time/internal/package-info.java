/** The bookkeeping of retries of failures that waiting can cure, shared by the store, timers and runners; not API. */
package dev.vellum.time.internal;
