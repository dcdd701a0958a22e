package dev.vellum.bench.scenario;

/**
 * SQLite's {@code synchronous} setting, which decides how often a commit waits for the disk. Every
 * figure is measured with the same setting on the Vellum and the raw side.
 */
public enum Synchronous {
    /** Every commit is durable when it returns: Vellum's default, guarantee 1. */
    FULL,
    /** In WAL mode a commit may be lost on power failure (not on a process crash); fewer fsyncs. */
    NORMAL
}
