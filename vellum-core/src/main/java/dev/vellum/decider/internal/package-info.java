/** Implementation of command handling: state loading, snapshot taking, command ids. Not API. */
package dev.vellum.decider.internal;
