/**
 * Durable timers: a {@link dev.vellum.timer.Timer} is due for a process at an instant; a
 * {@link dev.vellum.timer.TimerStore} keeps it (durably in a real store); a
 * {@link dev.vellum.timer.TimerScheduler} fires it at or after its due time, at least once, through
 * a {@link dev.vellum.timer.TimerHandler} whose effect is made once by the timer's id. Time comes
 * from a {@link dev.vellum.time.VellumClock}, which tests move by hand.
 */
package dev.vellum.timer;
