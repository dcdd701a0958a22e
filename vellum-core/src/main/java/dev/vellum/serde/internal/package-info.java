/** Implementation of {@link dev.vellum.serde}; not API, may change in any release. */
package dev.vellum.serde.internal;
