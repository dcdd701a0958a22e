/** The PostgreSQL store's implementation; not API. */
package dev.vellum.postgres.internal;
