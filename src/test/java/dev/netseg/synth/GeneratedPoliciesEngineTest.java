package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.InferenceInput;
import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.testing.RandomApps;
import dev.netseg.testing.ShopExample;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The generated policies checked with the semantics engine, on each workload's template pod: (a)
 * every required flow is allowed; (b) between two workloads exactly the required ports are open,
 * and nothing when no flow joins them. DNS (a pod of its own here) and outside addresses are not
 * workloads of the app, so they do not enter (b).
 */
class GeneratedPoliciesEngineTest {
  private static final String DNS_POD = "coredns-0";

  /** The snapshot: namespaces, one template pod per workload and a DNS pod, and the policies. */
  private static ClusterSnapshot snapshot(List<Workload> workloads, List<NetworkPolicy> policies) {
    TreeSet<String> names = new TreeSet<>(List.of("kube-system"));
    List<Pod> pods = new ArrayList<>();
    for (Workload w : workloads) {
      names.add(w.ref().namespace());
      pods.add(w.template());
    }
    pods.add(
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("kube-system")
            .withName(DNS_POD)
            .withLabels(Map.of("k8s-app", "kube-dns"))
            .endMetadata()
            .withNewSpec()
            .withContainers(
                new ContainerBuilder()
                    .withName("coredns")
                    .addNewPort()
                    .withName("dns")
                    .withContainerPort(53)
                    .withProtocol("UDP")
                    .endPort()
                    .addNewPort()
                    .withName("dns-tcp")
                    .withContainerPort(53)
                    .withProtocol("TCP")
                    .endPort()
                    .build())
            .endSpec()
            .build());
    List<Namespace> namespaces =
        names.stream()
            .map(
                n ->
                    new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(n)
                        .withLabels(Map.of("kubernetes.io/metadata.name", n))
                        .endMetadata()
                        .build())
            .toList();
    return new ClusterSnapshot(namespaces, pods, policies);
  }

  private static Endpoint endpoint(Peer peer, Map<WorkloadRef, Workload> byRef) {
    if (peer instanceof Peer.ExternalPeer e) {
      IPAddress block = e.cidr();
      IPAddress one =
          block.getPrefixLength() != null && block.getPrefixLength() < block.getBitCount()
              ? block.getLower().increment(1).withoutPrefixLength()
              : block.getLower().withoutPrefixLength();
      return new Endpoint.Address(one);
    }
    WorkloadRef ref = ((Peer.WorkloadPeer) peer).workload();
    Workload w = byRef.get(ref);
    if (w == null) {
      return new Endpoint.PodRef("kube-system", DNS_POD); // the only selector peer used here
    }
    return new Endpoint.PodRef(ref.namespace(), w.template().getMetadata().getName());
  }

  /** (a) and (b) for one input. */
  private static void check(InferenceInput input, GeneratorOptions options) {
    GenerationResult result = new Generator(options).generate(input);
    assertThat(result.hasErrors()).isFalse();
    List<Workload> workloads = input.workloads();
    PolicyEngine engine = PolicyEngine.build(snapshot(workloads, result.networkPolicies()));
    Map<WorkloadRef, Workload> byRef = new HashMap<>();
    workloads.forEach(w -> byRef.put(w.ref(), w));

    Map<List<WorkloadRef>, ConnectionSet> required = new HashMap<>();
    for (RequiredFlow f : result.flows()) {
      Endpoint src = endpoint(f.source(), byRef);
      Endpoint dst = endpoint(f.destination(), byRef);
      assertThat(engine.allows(new Connection(src, dst, f.protocol(), f.port())))
          .as("required flow %s (%s)", f, f.provenance())
          .isTrue();
      if (f.source() instanceof Peer.WorkloadPeer s
          && f.destination() instanceof Peer.WorkloadPeer d
          && byRef.containsKey(s.workload())
          && byRef.containsKey(d.workload())) {
        required.merge(
            List.of(s.workload(), d.workload()),
            ConnectionSet.of(f.protocol(), f.port(), f.port()),
            ConnectionSet::union);
      }
    }
    for (Workload a : workloads) {
      for (Workload b : workloads) {
        if (a == b) {
          continue; // one template pod: a pod always reaches itself
        }
        ConnectionSet open =
            engine.allowedConnections(
                endpoint(new Peer.WorkloadPeer(a.ref()), byRef),
                endpoint(new Peer.WorkloadPeer(b.ref()), byRef));
        assertThat(open)
            .as("%s -> %s", a.ref(), b.ref())
            .isEqualTo(required.getOrDefault(List.of(a.ref(), b.ref()), ConnectionSet.none()));
      }
    }
  }

  @Test
  void shopPoliciesAllowEveryRequiredFlowAndNothingElseBetweenItsWorkloads() {
    check(ShopExample.input(), GeneratorOptions.builder().nodeLocalDns("169.254.20.10").build());
  }

  @Test
  void shopPoliciesWithDefaultDenyAllowTheSame() {
    check(ShopExample.input(), GeneratorOptions.builder().defaultDeny(true).build());
  }

  @Property(tries = 40)
  void generatedAppsGetExactlyTheirRequiredConnections(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int namespaces,
      @ForAll @IntRange(min = 1, max = 8) int workloads,
      @ForAll @IntRange(min = 0, max = 6) int references,
      @ForAll boolean defaultDeny,
      @ForAll boolean ingressOnly) {
    check(
        RandomApps.generate(seed, namespaces, workloads, references, 0).input(),
        GeneratorOptions.builder()
            .defaultDeny(defaultDeny)
            .ingressOnly(ingressOnly)
            .nodeLocalDns("169.254.20.10")
            .build());
  }
}
