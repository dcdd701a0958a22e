/**
 * How the SQLite store runs its inline projections: the append hook that applies them in each append's
 * savepoint, their catch-up at open, their status. Not API.
 */
package dev.vellum.sqlite.internal.inline;
