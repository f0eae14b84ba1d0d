package dev.openlines.workflow;

import io.camunda.client.api.response.ActivatedJob;

/**
 * Told when a job of a conversation failed with no retries left, i.e. the engine raised an incident.
 * The engine's gRPC API cannot list incidents, so OpenLines keeps its own record for supervisors.
 */
public interface JobIncidents {

  void incidentRaised(String conversationId, ActivatedJob job, String reason);

  JobIncidents NONE = (conversationId, job, reason) -> {};
}
