/**
 * How the shared queries of {@code dev.vellum.jdbc.spi} map rows and build the log query. Not API,
 * and not exported: a store uses {@code dev.vellum.jdbc.spi}.
 */
package dev.vellum.jdbc.internal;
