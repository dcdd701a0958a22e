/**
 * SQL read models kept beside their checkpoints, shared by the SQLite and PostgreSQL read models:
 * the bookkeeping tables, versioned tables and their views, the handlers' statement cache and the
 * unit of work. Not API: used only by Vellum's own store modules.
 */
package dev.vellum.jdbc.internal.readmodel;
