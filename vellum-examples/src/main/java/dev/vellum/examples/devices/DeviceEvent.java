package dev.vellum.examples.devices;

import java.time.Instant;

/** What devices report, in streams {@code device-<id>}: an error occurred, an error was resolved; the two share an incident id. */
public sealed interface DeviceEvent {

    /** @param incidentId the incident @param deviceId the device @param code the error code @param at when it occurred */
    record ErrorOccurred(String incidentId, String deviceId, String code, Instant at) implements DeviceEvent {
    }

    /** @param incidentId the incident @param deviceId the device @param at when it was resolved */
    record ErrorResolved(String incidentId, String deviceId, Instant at) implements DeviceEvent {
    }
}
