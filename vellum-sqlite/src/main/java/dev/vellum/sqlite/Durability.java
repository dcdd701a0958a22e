package dev.vellum.sqlite;

/**
 * How hard SQLite works to keep a commit: the {@code PRAGMA synchronous} setting of the write
 * connection. The store always runs in WAL mode.
 */
public enum Durability {

    /**
     * {@code synchronous=FULL}, the default: the write-ahead log is flushed to stable storage
     * (fsync) at every commit, so an acknowledged append survives a crash of the process and a
     * power loss or kernel panic. Group commit shares that fsync among all appends of one batch.
     */
    FULL(2),

    /**
     * {@code synchronous=NORMAL}: the log is only flushed at checkpoints. An acknowledged append
     * survives a crash of the process, but the last appends before a power loss or kernel panic
     * may be lost (the database itself stays consistent). Faster on disks with slow fsync.
     */
    NORMAL(1);

    private final int pragmaValue;

    Durability(int pragmaValue) {
        this.pragmaValue = pragmaValue;
    }

    /** The number {@code PRAGMA synchronous} reads back when this setting is in force. */
    public int pragmaValue() {
        return pragmaValue;
    }
}
