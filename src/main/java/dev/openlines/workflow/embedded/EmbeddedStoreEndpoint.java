package dev.openlines.workflow.embedded;

import dev.openlines.workflow.embedded.store.StoreStats;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/embeddedstore}: what the embedded document store's queries cost, per query shape
 * (documents examined against documents returned), so that an operator can see a query no index serves
 * (examined far above returned) on the running service, not only in the test that guards the hot path.
 */
@Component
@Endpoint(id = "embeddedstore")
class EmbeddedStoreEndpoint {

  private final ObjectProvider<EmbeddedRuntime> runtime;

  EmbeddedStoreEndpoint(ObjectProvider<EmbeddedRuntime> runtime) {
    this.runtime = runtime;
  }

  @ReadOperation
  Map<String, Object> stats() {
    EmbeddedRuntime embedded = runtime.getIfAvailable();
    Map<String, Object> out = new LinkedHashMap<>();
    if (embedded == null) {
      out.put("embedded", false);
      return out;
    }
    StoreStats stats = embedded.storeStats();
    out.put("embedded", true);
    out.put("fileBytes", embedded.storeFileSize());
    out.put("liveChunksPercent", embedded.storeLiveChunksPercent());
    out.put("queries", stats.queries());
    out.put("examined", stats.examined());
    out.put("returned", stats.returned());
    out.put("scans", stats.scans());
    out.put("commits", stats.commits());
    out.put("deferredWrites", stats.deferredWrites());
    List<StoreStats.Shape> shapes =
        stats.shapes().stream().sorted(Comparator.comparingLong(StoreStats.Shape::examined).reversed()).toList();
    out.put("shapes", shapes);
    out.put("commands", stats.commands());
    return out;
  }
}
