/** Checkpoint storage in memory, for tests and in-memory read models (at least once). */
package dev.vellum.projection.memory;
