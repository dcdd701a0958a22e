/** The inbox's implementation: its consumer loop, event ids and parked records. Not API. */
package dev.vellum.kafka.internal;
