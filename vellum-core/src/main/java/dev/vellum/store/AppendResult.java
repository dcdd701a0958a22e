package dev.vellum.store;

/**
 * What a successful append returns.
 *
 * @param revision the revision of the last event appended: pass it as the expected revision of the
 *     next append to the same stream
 * @param position the global position of the last event appended
 */
public record AppendResult(long revision, Position position) {
}
