/** The in-memory {@link dev.vellum.integration.IntegrationSink}, for tests and examples. */
package dev.vellum.integration.memory;
