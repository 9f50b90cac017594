package dev.netseg.operator.decide;

import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.plan.PolicyPlan;
import dev.netseg.segment.FlowDecision;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;

/**
 * What the decision says to do and to report for one profile. The reconciler carries out {@code
 * plan} (if {@code write}), records {@code conditions} and the counts, and emits {@code events}.
 *
 * @param phase the state the profile is in after this decision
 * @param proposed the complete policy set the profile wants (for the proposal and the status)
 * @param plan the writes to bring the namespace there (or to a held or widened set)
 * @param write whether the plan is to be carried out (Enforce, learning done, not held)
 * @param required the required flows touching the namespace, as the safety gate checks them (from
 *     the profile's learning sources; {@code blocked} may add flows only a switched-off source
 *     shows)
 * @param blocked required flows that the proposed set (with the policies netseg does not own) would
 *     block
 * @param workloads governed workloads
 * @param unresolved findings the generator could not resolve, as messages
 * @param refused required flows touching the namespace that the profile's segments refuse
 * @param links each other namespace that the required flows touching this one reach, with a
 *     fingerprint of those flows: when it changes, the profiles there must look again
 * @param managed the NetworkPolicies this profile owns in its namespace once the decision is
 *     carried out (none written in Observe mode or while learning; the last applied ones while a
 *     change is held)
 * @param warnings what the user should look at although the spec is valid, e.g. a workload name
 *     that matches no workload (yet)
 * @param standIns the pods the safety gate judged flows to the cluster DNS and the ingress
 *     controller on ({@code StandIns}), for views that judge as the gate does
 */
public record ProfileOutcome(
    Phase phase,
    List<NetworkPolicy> proposed,
    PolicyPlan plan,
    boolean write,
    List<RequiredFlow> required,
    List<RequiredFlow> blocked,
    int workloads,
    List<String> unresolved,
    List<DesiredCondition> conditions,
    List<Event> events,
    List<FlowDecision> refused,
    Map<String, Integer> links,
    List<String> managed,
    List<String> warnings,
    Map<WorkloadRef, Pod> standIns) {

  /** Where a profile stands. */
  public enum Phase {
    /** Observe mode: proposal only. */
    OBSERVING,
    /** Enforce mode, but the learning period has not passed: proposal only. */
    LEARNING,
    /** Enforce mode, policies in place (possibly only widened, see conditions). */
    ENFORCING,
    /** Enforce mode, the change would block required flows and is held. */
    HELD,
    /** The spec or its declarations are invalid: nothing written. */
    INVALID
  }

  /** An event to emit on the profile. */
  public record Event(boolean warning, String reason, String message) {}

  public ProfileOutcome {
    proposed = List.copyOf(proposed);
    required = List.copyOf(required);
    blocked = List.copyOf(blocked);
    unresolved = List.copyOf(unresolved);
    conditions = List.copyOf(conditions);
    events = List.copyOf(events);
    refused = List.copyOf(refused);
    links = Map.copyOf(links);
    standIns = Map.copyOf(standIns);
    managed = List.copyOf(managed);
    warnings = List.copyOf(warnings);
  }
}
