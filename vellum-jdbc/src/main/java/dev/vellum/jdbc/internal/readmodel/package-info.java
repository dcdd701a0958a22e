/**
 * How {@code dev.vellum.jdbc.spi.readmodel} names versioned tables, caches the handlers'
 * statements and gives handlers their {@code SqlContext}. Not API, and not exported.
 */
package dev.vellum.jdbc.internal.readmodel;
