package dev.netseg.cli;

import dev.netseg.synth.GeneratorOptions;
import java.util.List;
import picocli.CommandLine.Option;

/** The generator options, shared by {@code generate} and {@code verify}. */
final class GeneratorFlags {
  @Option(
      names = "--default-deny",
      description = "Also write a namespace-wide default-deny policy in each namespace.")
  boolean defaultDeny;

  @Option(
      names = "--ingress-only",
      description = "Restrict ingress only; leave egress open (a staged rollout).")
  boolean ingressOnly;

  @Option(names = "--no-dns", description = "Do not allow DNS to the cluster DNS.")
  boolean noDns;

  @Option(
      names = "--node-local-dns",
      paramLabel = "IP",
      description = "NodeLocal DNSCache address to allow, e.g. 169.254.20.10.")
  String nodeLocalDns;

  @Option(
      names = "--api-server-cidr",
      split = ",",
      paramLabel = "CIDR",
      description = "API server endpoint CIDRs, when the manifests have no EndpointSlice for it.")
  List<String> apiServerCidrs = List.of();

  @Option(
      names = "--exposure-cidr",
      split = ",",
      paramLabel = "CIDR",
      description = "Sources allowed to reach exposed Services (default 0.0.0.0/0 and ::/0).")
  List<String> exposureCidrs = List.of();

  @Option(
      names = "--ingress-controller-namespace",
      paramLabel = "NS",
      description = "Ingress-routed Services are reachable from this namespace's pods only.")
  String ingressControllerNamespace;

  GeneratorOptions options() {
    try {
      GeneratorOptions.Builder b =
          GeneratorOptions.builder().defaultDeny(defaultDeny).ingressOnly(ingressOnly).dns(!noDns);
      if (nodeLocalDns != null) {
        b.nodeLocalDns(nodeLocalDns);
      }
      if (!apiServerCidrs.isEmpty()) {
        b.apiServerCidrs(apiServerCidrs);
      }
      if (!exposureCidrs.isEmpty()) {
        b.exposureCidrs(exposureCidrs);
      }
      if (ingressControllerNamespace != null) {
        b.ingressController(ingressControllerNamespace, java.util.Map.of());
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
