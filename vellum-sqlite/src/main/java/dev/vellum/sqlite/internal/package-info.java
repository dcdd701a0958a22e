/**
 * How the SQLite store works inside: the group-commit writer, the read pool, the schema and the
 * file lock. Not API: anything here may change in any release.
 */
package dev.vellum.sqlite.internal;
