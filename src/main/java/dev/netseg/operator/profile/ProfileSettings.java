package dev.netseg.operator.profile;

import dev.netseg.infer.AllowEntry;
import dev.netseg.infer.AllowRule;
import dev.netseg.operator.crd.LearningSource;
import dev.netseg.operator.crd.Mode;
import dev.netseg.operator.crd.OnBlockedFlow;
import dev.netseg.segment.Segmentation;
import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A SegmentationProfile's spec after validation: defaults applied, durations and addresses parsed.
 * Only {@link ProfileValidator} builds it, so holding one means the spec was valid.
 */
public record ProfileSettings(
    Mode mode,
    Optional<LabelSelector> workloadSelector,
    Set<LearningSource> learningSources,
    List<String> flowSources,
    Duration minimumLearningPeriod,
    Duration retention,
    boolean ingressOnly,
    boolean defaultDeny,
    boolean dnsEnabled,
    Optional<IPAddress> nodeLocalDns,
    List<String> apiServerWorkloads,
    List<IPAddress> apiServerCidrs,
    List<Integer> apiServerPorts,
    List<IPAddress> allowedCidrs,
    List<IPAddress> exposureCidrs,
    Optional<String> ingressControllerNamespace,
    Optional<LabelSelector> ingressControllerPodSelector,
    List<ExplicitAllow> allow,
    Set<String> excludedWorkloads,
    Optional<LabelSelector> excludeSelector,
    OnBlockedFlow onBlockedFlow,
    Segmentation segmentation,
    List<WorkloadReference> workloadReferences) {

  /**
   * One parsed entry of {@code spec.allow}, in spec order.
   *
   * @param origin the field it came from, e.g. {@code spec.allow[0].egress[1]}
   */
  public record ExplicitAllow(
      String workload, AllowRule.Direction direction, AllowEntry entry, String origin) {
    /** The entry as an allow rule of the profile's namespace. */
    public AllowRule rule(String namespace) {
      return new AllowRule.ForWorkload(namespace, workload, direction, entry, origin);
    }
  }

  /**
   * A workload named in the spec, which may not exist (yet): {@link WorkloadNameWarnings} reports
   * the names that match no workload.
   *
   * @param field where it is named, e.g. {@code spec.exclude.workloads[1]}
   * @param name the workload's name in the profile's namespace
   */
  public record WorkloadReference(String field, String name) {}

  public ProfileSettings {
    learningSources = Set.copyOf(learningSources);
    flowSources = List.copyOf(flowSources);
    apiServerWorkloads = List.copyOf(apiServerWorkloads);
    apiServerCidrs = List.copyOf(apiServerCidrs);
    apiServerPorts = List.copyOf(apiServerPorts);
    allowedCidrs = List.copyOf(allowedCidrs);
    exposureCidrs = List.copyOf(exposureCidrs);
    allow = List.copyOf(allow);
    excludedWorkloads = Set.copyOf(excludedWorkloads);
    workloadReferences = List.copyOf(workloadReferences);
  }

  /** The API server clients as the generator takes them: namespace/name. */
  public List<String> apiServerClients(String namespace) {
    return apiServerWorkloads.stream().map(name -> namespace + "/" + name).toList();
  }

  public boolean learnsFrom(LearningSource source) {
    return learningSources.contains(source);
  }
}
