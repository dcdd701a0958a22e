/**
 * Alerts about the workers of a {@link dev.vellum.worker.WorkerRegistry}: {@link dev.vellum.server.alerts.Alerts}
 * opens an {@link dev.vellum.server.alerts.Incident} when a worker fails, stalls, parks an event or has
 * timers overdue, and sends one alert when it opens and one when it is resolved through each
 * {@link dev.vellum.server.alerts.Notifier} (a signed {@link dev.vellum.server.alerts.WebhookNotifier},
 * the {@link dev.vellum.server.alerts.LogNotifier}, or an application's own).
 */
package dev.vellum.server.alerts;
