/** How projections run: the feed, the loop, partitions, error handling, status. Not API. */
package dev.vellum.projection.internal;
