package dev.netseg.map;

import dev.netseg.manifest.Manifests;
import dev.netseg.model.RequiredFlow;
import dev.netseg.segment.FlowDecision;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a map is drawn from.
 *
 * @param title the page's title
 * @param judged the application's objects with the NetworkPolicies to judge (the generated or
 *     proposed ones, plus those of the input that they do not replace)
 * @param required the flows the application needs that the policies should allow
 * @param refused the flows some evidence asks for that segments forbid
 * @param held the flows the safety gate holds a change for
 * @param zones each workload's segment; empty when no segments were given
 * @param focus a namespace to draw alone: only the edges with an end in it, and the nodes of it and
 *     at the other end of those edges; empty draws everything
 * @param standIns pods that stand for peers the input does not hold (the cluster DNS), so that
 *     flows to them are judged; a flow with an end that has none is drawn unverified
 */
public record MapInput(
    String title,
    Manifests judged,
    List<RequiredFlow> required,
    List<FlowDecision> refused,
    List<HeldFlow> held,
    Map<WorkloadRef, String> zones,
    Optional<String> focus,
    Map<WorkloadRef, Pod> standIns) {
  public MapInput {
    required = List.copyOf(required);
    refused = List.copyOf(refused);
    held = List.copyOf(held);
    zones = Map.copyOf(zones);
    standIns = Map.copyOf(standIns);
  }
}
