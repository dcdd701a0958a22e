/** The retry loop that projections, reactors and process managers share; not API. */
package dev.vellum.retry.internal;
