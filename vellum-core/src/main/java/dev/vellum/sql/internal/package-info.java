/** Helpers for Vellum's own SQL bookkeeping in read-model databases; not API. */
package dev.vellum.sql.internal;
