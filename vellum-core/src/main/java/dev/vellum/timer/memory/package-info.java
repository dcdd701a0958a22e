/** The in-memory {@link dev.vellum.timer.TimerStore}, for tests and examples. */
package dev.vellum.timer.memory;
