package dev.netseg.infer;

import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.workload.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Works out every flow the input's workloads need, each with its provenance: declared (annotations,
 * allow rules), manifests (env, args, ConfigMaps), observed (given), exposure (LoadBalancer,
 * NodePort, Ingress) and platform (DNS, API server, for the workloads that declare it, are
 * configured, or whose ServiceAccount bindings or token volumes show that they call it). Pure: the
 * same input in any order gives the same result.
 */
public final class FlowInference {
  private final InferenceOptions options;

  public FlowInference(InferenceOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public InferenceResult infer(InferenceInput input) {
    WorkloadLookup workloads = new WorkloadLookup(input.workloads());
    FlowSink sink = new FlowSink();
    Set<SelectorPeer> selectorPeers = ExposureFlows.newPeerSet();
    ServiceBackends services = new ServiceBackends(workloads, input.services());
    ApiServerEndpoints api = ApiServerEndpoints.of(input.endpointSlices(), options.apiServer());
    EntryResolver resolver = new EntryResolver(workloads, services, api, sink);

    DeclaredFlows declared = new DeclaredFlows(resolver, workloads, sink);
    AddressResolution addresses =
        new AddressResolution(services, input.namespaceNames(), options.clusterDomain(), sink);
    ManifestFlows manifests = new ManifestFlows(input.configMaps(), addresses, sink);
    for (Workload w : workloads.all()) {
      declared.collect(w);
      manifests.collect(w);
    }
    for (AllowRule rule : input.allowRules()) {
      declared.collect(rule);
    }
    for (RequiredFlow flow : input.observedFlows()) {
      sink.add(flow);
    }
    ExposureFlows exposure =
        new ExposureFlows(services, workloads, options.exposure(), sink, selectorPeers);
    sorted(input.services(), Subjects::of).forEach(exposure::collect);
    sorted(input.ingresses(), Subjects::of).forEach(exposure::collect);
    java.util.Set<String> gateways = new java.util.HashSet<>();
    input
        .gateways()
        .forEach(g -> gateways.add(ServiceBackends.namespace(g) + "/" + g.getMetadata().getName()));
    sorted(input.routes(), Subjects::of).forEach(r -> exposure.collect(r, gateways));
    ApiServerUsage apiUsage =
        new ApiServerUsage(
            input.serviceAccounts(), input.roleBindings(), input.clusterRoleBindings());
    new PlatformFlows(options, services, resolver, sink, selectorPeers, apiUsage)
        .collect(workloads.all());
    return new InferenceResult(sink.flows(), sink.findings(), new ArrayList<>(selectorPeers));
  }

  private static <T> List<T> sorted(List<T> items, java.util.function.Function<T, String> key) {
    return items.stream().sorted(Comparator.comparing(key)).toList();
  }

  /** The provenance source names, for reports: {@code declared}, {@code manifest}, ... */
  public static String label(Provenance.Source source) {
    return source.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
