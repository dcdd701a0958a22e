package dev.vellum.store;

/** Which way a stream read goes. */
public enum ReadDirection {
    /** From older to newer revisions. */
    FORWARDS,
    /** From newer to older revisions. */
    BACKWARDS
}
