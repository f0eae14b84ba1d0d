package dev.openlines.connector;

/** Published after a connector was added, replaced or removed, for connectors that keep connections open (e-mail). */
public record ConnectorsChanged(String connectorId) {}
