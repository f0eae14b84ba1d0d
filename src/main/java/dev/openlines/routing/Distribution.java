package dev.openlines.routing;

/** The result of the decision table {@code distribution} (process variable {@code distribution}). */
public record Distribution(RoutingTarget target, String targetChannelId, String targetDepartmentId) {

  public static Distribution queue() {
    return new Distribution(RoutingTarget.QUEUE, null, null);
  }

  public RoutingTarget targetOrQueue() {
    return target == null ? RoutingTarget.QUEUE : target;
  }
}
