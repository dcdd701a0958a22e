/** How SQL read models are kept in SQLite: connections, sessions, versioned tables, bookkeeping. Not API. */
package dev.vellum.sqlite.projection.internal;
