/** How process managers run: the engine that turns inputs into commands and timers, the host; not API. */
package dev.vellum.process.internal;
