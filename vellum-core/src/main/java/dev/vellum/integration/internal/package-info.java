/** How integration events are grouped and published; not API. */
package dev.vellum.integration.internal;
