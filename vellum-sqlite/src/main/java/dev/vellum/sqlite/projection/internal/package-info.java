/** How SQL read models are kept in SQLite: sessions, versioned tables, bookkeeping, inline hooks. Not API. */
package dev.vellum.sqlite.projection.internal;
