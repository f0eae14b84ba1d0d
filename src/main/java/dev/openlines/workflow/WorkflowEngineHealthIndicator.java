package dev.openlines.workflow;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.Topology;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** UP when the workflow engine answers a topology request within a few seconds. */
@Component("workflowEngine")
public class WorkflowEngineHealthIndicator extends AbstractHealthIndicator {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final CamundaClient client;

  public WorkflowEngineHealthIndicator(CamundaClient client) {
    super("Workflow engine does not answer");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Topology topology = client.newTopologyRequest().send().join(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    builder
        .up()
        .withDetail("brokers", topology.getBrokers().size())
        .withDetail("partitions", topology.getPartitionsCount())
        .withDetail("gatewayVersion", topology.getGatewayVersion());
  }
}
