/**
 * The follower that reactors, process managers and integration publishers share: checkpoint,
 * subscription, in-place retry, pause and resume, status. Not API.
 */
package dev.vellum.projection.internal;
