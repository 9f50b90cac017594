package dev.netseg.operator.apply;

import dev.netseg.operator.plan.PolicyPlan;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that writes NetworkPolicies. It carries out a {@link PolicyPlan} that the pure
 * planner made (which already refused to touch anything netseg does not own), and reports each
 * write so that it can be explained in events and metrics.
 */
public final class PolicyWriter {
  public static final String FIELD_MANAGER = "netseg";
  private static final Logger LOG = LoggerFactory.getLogger(PolicyWriter.class);

  private final KubernetesClient client;
  private final WriteMode mode;

  public PolicyWriter(KubernetesClient client, WriteMode mode) {
    this.client = client;
    this.mode = mode;
  }

  /** What was written. */
  public record Written(List<String> applied, List<String> deleted) {
    public Written {
      applied = List.copyOf(applied);
      deleted = List.copyOf(deleted);
    }
  }

  public Written carryOut(PolicyPlan plan) {
    List<String> applied = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    for (NetworkPolicy p : plan.apply()) {
      write(p);
      applied.add(p.getMetadata().getName());
      LOG.info(
          "Applied NetworkPolicy {}/{}", p.getMetadata().getNamespace(), p.getMetadata().getName());
    }
    for (NetworkPolicy p : plan.delete()) {
      client
          .network()
          .v1()
          .networkPolicies()
          .inNamespace(p.getMetadata().getNamespace())
          .withName(p.getMetadata().getName())
          .delete();
      deleted.add(p.getMetadata().getName());
      LOG.info(
          "Deleted NetworkPolicy {}/{} (no longer wanted by its profile)",
          p.getMetadata().getNamespace(),
          p.getMetadata().getName());
    }
    return new Written(applied, deleted);
  }

  private void write(NetworkPolicy desired) {
    NetworkPolicy p = withoutServerFields(desired);
    var resource =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(p.getMetadata().getNamespace())
            .resource(p);
    if (mode == WriteMode.SERVER_SIDE_APPLY) {
      resource.patch(
          new PatchContext.Builder()
              .withPatchType(PatchType.SERVER_SIDE_APPLY)
              .withFieldManager(FIELD_MANAGER)
              .withForce(true)
              .build());
    } else {
      resource.createOr(existing -> existing.update());
    }
  }

  /** Server-side apply wants only the fields netseg owns: no resourceVersion, uid, timestamps. */
  private static NetworkPolicy withoutServerFields(NetworkPolicy p) {
    NetworkPolicy copy =
        new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(p).build();
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setUid(null);
    copy.getMetadata().setCreationTimestamp(null);
    copy.getMetadata().setManagedFields(null);
    copy.getMetadata().setGeneration(null);
    return copy;
  }
}
