package dev.netseg.operator.profile;

import dev.netseg.operator.crd.LearningSource;
import dev.netseg.operator.crd.Mode;
import dev.netseg.operator.crd.OnBlockedFlow;
import dev.netseg.segment.Segmentation;
import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    Map<String, AllowLists> allow,
    Set<String> excludedWorkloads,
    Optional<LabelSelector> excludeSelector,
    OnBlockedFlow onBlockedFlow,
    Segmentation segmentation) {

  /** The explicit allow entries of one workload, in annotation syntax, in spec order. */
  public record AllowLists(List<String> egress, List<String> ingress) {
    public AllowLists {
      egress = List.copyOf(egress);
      ingress = List.copyOf(ingress);
    }
  }

  public ProfileSettings {
    learningSources = Set.copyOf(learningSources);
    flowSources = List.copyOf(flowSources);
    apiServerWorkloads = List.copyOf(apiServerWorkloads);
    apiServerCidrs = List.copyOf(apiServerCidrs);
    apiServerPorts = List.copyOf(apiServerPorts);
    allowedCidrs = List.copyOf(allowedCidrs);
    exposureCidrs = List.copyOf(exposureCidrs);
    allow = Map.copyOf(allow);
    excludedWorkloads = Set.copyOf(excludedWorkloads);
  }

  public boolean learnsFrom(LearningSource source) {
    return learningSources.contains(source);
  }
}
