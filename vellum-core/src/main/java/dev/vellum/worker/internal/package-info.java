/** Implementation of the worker model; not API. */
package dev.vellum.worker.internal;
