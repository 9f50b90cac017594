package dev.netseg.operator.profile;

import dev.netseg.infer.AllowRule;
import dev.netseg.infer.DeclarationException;
import dev.netseg.infer.DeclarationSyntax;
import dev.netseg.operator.crd.AllowEntry;
import dev.netseg.operator.crd.ApiServerOptions;
import dev.netseg.operator.crd.DnsOptions;
import dev.netseg.operator.crd.EgressOptions;
import dev.netseg.operator.crd.ExposureOptions;
import dev.netseg.operator.crd.LearningSource;
import dev.netseg.operator.crd.Mode;
import dev.netseg.operator.crd.OnBlockedFlow;
import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.policy.LabelSelectors;
import dev.netseg.segment.Segmentation;
import dev.netseg.segment.SegmentationException;
import dev.netseg.time.Durations;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what the CRD schema cannot (a selector the API server would refuse, such as an invalid
 * label key in matchLabels or In without values, an unparsable CIDR, an unknown flow source, a
 * duplicate allow entry) and applies defaults. It checks again what the schema checks too, since a
 * profile may have been stored before the schema did. Every problem names the field, so a user can
 * fix the spec without reading operator logs.
 */
public final class ProfileValidator {
  static final Duration DEFAULT_LEARNING_PERIOD = Duration.ofHours(24);
  static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  static final List<Integer> DEFAULT_API_SERVER_PORTS = List.of(443, 6443);

  /** A workload's name: Kubernetes object names are DNS subdomains. */
  private static final Pattern WORKLOAD_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  private static final int MAX_NAME = 253;

  private final Set<String> knownFlowSources;

  /**
   * @param knownFlowSources names of the flow sources the operator is configured with
   */
  public ProfileValidator(Set<String> knownFlowSources) {
    this.knownFlowSources = Set.copyOf(knownFlowSources);
  }

  /** The outcome: settings, or the list of problems (never both). */
  public record Result(Optional<ProfileSettings> settings, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return settings.isPresent();
    }
  }

  public Result validate(SegmentationProfileSpec specOrNull) {
    SegmentationProfileSpec spec = specOrNull == null ? new SegmentationProfileSpec() : specOrNull;
    List<String> problems = new ArrayList<>();

    Optional<LabelSelector> workloadSelector =
        selector(
            spec.getScope() == null ? null : spec.getScope().getWorkloadSelector(),
            "spec.scope.workloadSelector",
            problems);

    Set<LearningSource> sources = EnumSet.allOf(LearningSource.class);
    List<String> flowSources = List.of();
    Duration learningPeriod = DEFAULT_LEARNING_PERIOD;
    Duration retention = DEFAULT_RETENTION;
    if (spec.getLearning() != null) {
      var learning = spec.getLearning();
      if (learning.getSources() != null) {
        sources =
            learning.getSources().isEmpty()
                ? EnumSet.noneOf(LearningSource.class)
                : EnumSet.copyOf(learning.getSources());
      }
      if (learning.getFlowSources() != null) {
        flowSources = learning.getFlowSources();
        for (int i = 0; i < flowSources.size(); i++) {
          String name = flowSources.get(i);
          if (!knownFlowSources.contains(name)) {
            problems.add(
                "spec.learning.flowSources[%d]: unknown flow source \"%s\" (configured: %s)"
                    .formatted(
                        i,
                        name,
                        knownFlowSources.isEmpty()
                            ? "none"
                            : String.join(", ", knownFlowSources.stream().sorted().toList())));
          }
        }
      }
      learningPeriod =
          duration(
              learning.getMinimumLearningPeriod(),
              DEFAULT_LEARNING_PERIOD,
              "spec.learning.minimumLearningPeriod",
              problems);
      retention =
          duration(learning.getRetention(), DEFAULT_RETENTION, "spec.learning.retention", problems);
      if (retention.isZero()) {
        problems.add("spec.learning.retention: must be longer than 0");
      }
    }

    EgressOptions egress = spec.getEgress() == null ? new EgressOptions() : spec.getEgress();
    DnsOptions dns = egress.getDns() == null ? new DnsOptions() : egress.getDns();
    Optional<IPAddress> nodeLocal = Optional.empty();
    if (dns.getNodeLocalAddress() != null) {
      nodeLocal = address(dns.getNodeLocalAddress(), "spec.egress.dns.nodeLocalAddress", problems);
    }
    ApiServerOptions api =
        egress.getApiServer() == null ? new ApiServerOptions() : egress.getApiServer();
    List<IPAddress> apiCidrs = cidrs(api.getCidrs(), "spec.egress.apiServer.cidrs", problems);
    // Workload names, wherever the spec has them: a name that matches no workload is a warning.
    List<ProfileSettings.WorkloadReference> references = new ArrayList<>();
    List<String> apiWorkloads = api.getWorkloads() == null ? List.of() : api.getWorkloads();
    for (int i = 0; i < apiWorkloads.size(); i++) {
      workloadName(
          apiWorkloads.get(i),
          "spec.egress.apiServer.workloads[%d]".formatted(i),
          references,
          problems);
    }
    List<Integer> apiPorts =
        api.getPorts() == null || api.getPorts().isEmpty()
            ? DEFAULT_API_SERVER_PORTS
            : api.getPorts();
    for (int i = 0; i < apiPorts.size(); i++) {
      Integer p = apiPorts.get(i);
      if (p == null || p < 1 || p > 65535) {
        problems.add("spec.egress.apiServer.ports[%d]: %s is not a port (1-65535)".formatted(i, p));
      }
    }
    List<IPAddress> allowedCidrs =
        cidrs(egress.getAllowedCidrs(), "spec.egress.allowedCidrs", problems);

    ExposureOptions exposure =
        spec.getIngress() == null || spec.getIngress().getExposure() == null
            ? new ExposureOptions()
            : spec.getIngress().getExposure();
    List<IPAddress> exposureCidrs =
        exposure.getSourceCidrs() == null || exposure.getSourceCidrs().isEmpty()
            ? List.of(
                new IPAddressString("0.0.0.0/0").getAddress(),
                new IPAddressString("::/0").getAddress())
            : cidrs(exposure.getSourceCidrs(), "spec.ingress.exposure.sourceCidrs", problems);
    Optional<LabelSelector> controllerSelector =
        selector(
            exposure.getIngressControllerPodSelector(),
            "spec.ingress.exposure.ingressControllerPodSelector",
            problems);
    if (controllerSelector.isPresent() && exposure.getIngressControllerNamespace() == null) {
      problems.add(
          "spec.ingress.exposure.ingressControllerPodSelector: needs"
              + " spec.ingress.exposure.ingressControllerNamespace");
    }

    List<ProfileSettings.ExplicitAllow> allow = new ArrayList<>();
    Set<String> allowWorkloads = new HashSet<>();
    List<AllowEntry> entries = spec.getAllow() == null ? List.of() : spec.getAllow();
    for (int i = 0; i < entries.size(); i++) {
      AllowEntry e = entries.get(i);
      if (e == null || e.getWorkload() == null || e.getWorkload().isBlank()) {
        problems.add("spec.allow[%d].workload: required".formatted(i));
        continue;
      }
      if (!workloadName(
          e.getWorkload(), "spec.allow[%d].workload".formatted(i), references, problems)) {
        continue;
      }
      if (!allowWorkloads.add(e.getWorkload())) {
        problems.add(
            "spec.allow[%d].workload: \"%s\" is listed twice; merge its entries into one item"
                .formatted(i, e.getWorkload()));
        continue;
      }
      allowEntries(e.getWorkload(), AllowRule.Direction.EGRESS, e.getEgress(), i, allow, problems);
      allowEntries(
          e.getWorkload(), AllowRule.Direction.INGRESS, e.getIngress(), i, allow, problems);
    }

    Set<String> excluded = new LinkedHashSet<>();
    Optional<LabelSelector> excludeSelector = Optional.empty();
    if (spec.getExclude() != null) {
      List<String> names =
          spec.getExclude().getWorkloads() == null ? List.of() : spec.getExclude().getWorkloads();
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i) != null
            && workloadName(
                names.get(i), "spec.exclude.workloads[%d]".formatted(i), references, problems)) {
          excluded.add(names.get(i));
        }
      }
      excludeSelector =
          selector(spec.getExclude().getSelector(), "spec.exclude.selector", problems);
    }

    Segmentation segmentation = Segmentation.none();
    try {
      segmentation = ProfileSegments.of(spec);
    } catch (SegmentationException e) {
      problems.add(e.getMessage());
    }

    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    return new Result(
        Optional.of(
            new ProfileSettings(
                spec.getMode() == null ? Mode.Observe : spec.getMode(),
                workloadSelector,
                sources,
                flowSources,
                learningPeriod,
                retention,
                Boolean.TRUE.equals(spec.getIngressOnly()),
                Boolean.TRUE.equals(spec.getDefaultDeny()),
                !Boolean.FALSE.equals(dns.getEnabled()),
                nodeLocal,
                apiWorkloads,
                apiCidrs,
                apiPorts,
                allowedCidrs,
                exposureCidrs,
                Optional.ofNullable(exposure.getIngressControllerNamespace()),
                controllerSelector,
                allow,
                excluded,
                excludeSelector,
                spec.getSafety() == null || spec.getSafety().getOnBlockedFlow() == null
                    ? OnBlockedFlow.Hold
                    : spec.getSafety().getOnBlockedFlow(),
                segmentation,
                references)),
        List.of());
  }

  /**
   * Checks that {@code name} can be a workload's name, and records where it is named: a valid name
   * may match no workload yet (a warning, later), an invalid one never will (a problem now).
   */
  private static boolean workloadName(
      String name,
      String field,
      List<ProfileSettings.WorkloadReference> references,
      List<String> problems) {
    if (name == null || name.length() > MAX_NAME || !WORKLOAD_NAME.matcher(name).matches()) {
      problems.add(
          "%s: \"%s\" is not a workload name (lowercase letters, digits, '-' and '.', at most %d;"
                  .formatted(field, name, MAX_NAME)
              + " a workload in the profile's namespace)");
      return false;
    }
    references.add(new ProfileSettings.WorkloadReference(field, name));
    return true;
  }

  /** Parses one list of allow entries, naming {@code spec.allow[i].egress[j]} on a bad entry. */
  private static void allowEntries(
      String workload,
      AllowRule.Direction direction,
      List<String> texts,
      int item,
      List<ProfileSettings.ExplicitAllow> out,
      List<String> problems) {
    if (texts == null) {
      return;
    }
    String field = direction == AllowRule.Direction.EGRESS ? "egress" : "ingress";
    for (int j = 0; j < texts.size(); j++) {
      String origin = "spec.allow[%d].%s[%d]".formatted(item, field, j);
      String text = texts.get(j);
      try {
        if (text == null) {
          throw new DeclarationException("empty entry");
        }
        out.add(
            new ProfileSettings.ExplicitAllow(
                workload, direction, DeclarationSyntax.parse(text), origin));
      } catch (IllegalArgumentException e) {
        problems.add("%s: \"%s\": %s".formatted(origin, text, e.getMessage()));
      }
    }
  }

  private static Optional<LabelSelector> selector(
      LabelSelector selector, String field, List<String> problems) {
    if (selector == null) {
      return Optional.empty();
    }
    Optional<String> problem = LabelSelectors.validate(selector, field);
    problem.ifPresent(problems::add);
    return problem.isPresent() ? Optional.empty() : Optional.of(selector);
  }

  private static Duration duration(
      String text, Duration fallback, String field, List<String> problems) {
    if (text == null) {
      return fallback;
    }
    Optional<Duration> d = Durations.parse(text);
    if (d.isEmpty()) {
      problems.add(
          "%s: \"%s\" is not a duration (for example 30m, 24h, 7d)".formatted(field, text));
      return fallback;
    }
    return d.get();
  }

  private static Optional<IPAddress> address(String text, String field, List<String> problems) {
    IPAddress a = new IPAddressString(text.trim()).getAddress();
    if (a == null || a.getNetworkPrefixLength() != null) {
      problems.add("%s: \"%s\" is not an IP address".formatted(field, text));
      return Optional.empty();
    }
    return Optional.of(a);
  }

  private static List<IPAddress> cidrs(List<String> texts, String field, List<String> problems) {
    if (texts == null) {
      return List.of();
    }
    List<IPAddress> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      IPAddress a = t == null ? null : new IPAddressString(t.trim()).getAddress();
      if (a == null || a.getNetworkPrefixLength() == null) {
        problems.add(
            "%s[%d]: \"%s\" is not a CIDR (for example 10.0.0.0/8)".formatted(field, i, t));
      } else if (!a.isPrefixBlock()) {
        problems.add(
            "%s[%d]: \"%s\" has host bits set; did you mean %s?"
                .formatted(field, i, t, a.toPrefixBlock().toCanonicalString()));
      } else {
        out.add(a);
      }
    }
    return out;
  }
}
