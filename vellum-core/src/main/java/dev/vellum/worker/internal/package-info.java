/**
 * What workers' status reads from the store, sampled in memory so that asking never waits for it
 * (the head of the log, the first event waiting); shared by the projections and the followers. Not API.
 */
package dev.vellum.worker.internal;
