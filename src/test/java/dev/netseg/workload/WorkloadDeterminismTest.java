package dev.netseg.workload;

import static dev.netseg.workload.ClusterYaml.controller;
import static dev.netseg.workload.ClusterYaml.cronJob;
import static dev.netseg.workload.ClusterYaml.deployment;
import static dev.netseg.workload.ClusterYaml.job;
import static dev.netseg.workload.ClusterYaml.load;
import static dev.netseg.workload.ClusterYaml.pod;
import static dev.netseg.workload.ClusterYaml.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.manifest.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any subset of a realistic set of cluster objects, in any order, both extractors give the same
 * workloads, and every live pod belongs to exactly one workload.
 */
class WorkloadDeterminismTest {
  private static final List<String> UNIVERSE =
      List.of(
          deployment("shop", "web", "{app: web}", "{app: web}"),
          replicaSet(
              "shop",
              "web-aaa",
              "web",
              "{app: web, pod-template-hash: aaa}",
              "{app: web, pod-template-hash: aaa}"),
          replicaSet(
              "shop",
              "web-bbb",
              "web",
              "{app: web, pod-template-hash: bbb}",
              "{app: web, pod-template-hash: bbb}"),
          pod(
              "shop",
              "web-aaa-1",
              "{app: web, pod-template-hash: aaa}",
              "ReplicaSet/web-aaa",
              "2024-01-02T00:00:00Z"),
          pod(
              "shop",
              "web-aaa-2",
              "{app: web, pod-template-hash: aaa}",
              "ReplicaSet/web-aaa",
              "2024-01-01T00:00:00Z"),
          pod(
              "shop",
              "web-bbb-1",
              "{app: web, pod-template-hash: bbb}",
              "ReplicaSet/web-bbb",
              null),
          controller("StatefulSet", "shop", "db", "{app: db}", "{app: db}"),
          pod(
              "shop",
              "db-0",
              "{app: db, statefulset.kubernetes.io/pod-name: db-0}",
              "StatefulSet/db",
              null),
          pod(
              "shop",
              "db-1",
              "{app: db, statefulset.kubernetes.io/pod-name: db-1}",
              "StatefulSet/db",
              null),
          controller("DaemonSet", "kube-system", "agent", "{app: agent}", "{app: agent}"),
          pod("kube-system", "agent-x", "{app: agent}", "DaemonSet/agent", null),
          cronJob("shop", "report", "{app: report}"),
          job("shop", "report-28000000", "report", "{app: report}"),
          pod("shop", "report-28000000-x", "{app: report}", "Job/report-28000000", null),
          pod("shop", "report-28000005-y", "{app: report}", "Job/report-28000005", null),
          job("shop", "migrate", null, "{app: migrate}"),
          pod("shop", "migrate-z", "{app: migrate}", "Job/migrate", null),
          pod("shop", "debug", "{run: debug}", null, null),
          pod("kube-system", "etcd-node1", "{component: etcd}", "Node/node1", null),
          replicaSet(
              "shop",
              "orphan-ccc",
              "gone",
              "{app: orphan, pod-template-hash: ccc}",
              "{app: orphan, pod-template-hash: ccc}"),
          pod(
              "shop",
              "orphan-ccc-1",
              "{app: orphan, pod-template-hash: ccc}",
              "ReplicaSet/orphan-ccc",
              null),
          deployment("other", "web", "{app: web}", "{app: web}"),
          pod(
              "other",
              "web-ddd-1",
              "{app: web, pod-template-hash: ddd}",
              "ReplicaSet/web-ddd",
              null));

  /** Parsed once: the properties pick subsets of these objects. */
  private static final List<HasMetadata> OBJECTS =
      load(UNIVERSE.toArray(String[]::new)).allObjects();

  private final WorkloadExtractor extractor = new WorkloadExtractor();

  @Property(tries = 150)
  void sameWorkloadsWhateverTheOrder(@ForAll("subsets") Manifests m, @ForAll long seed) {
    Manifests shuffled = shuffle(m, new Random(seed));

    assertThat(extractor.fromCluster(shuffled)).isEqualTo(extractor.fromCluster(m));
    assertThat(extractor.fromManifests(shuffled)).isEqualTo(extractor.fromManifests(m));
    assertThat(WorkloadSelectorCheck.check(extractor.fromCluster(shuffled)))
        .isEqualTo(WorkloadSelectorCheck.check(extractor.fromCluster(m)));
  }

  @Property(tries = 150)
  void everyLivePodBelongsToExactlyOneWorkload(@ForAll("subsets") Manifests m) {
    List<String> grouped = new ArrayList<>();
    for (Workload w : extractor.fromCluster(m)) {
      for (Pod p : w.pods()) {
        assertThat(p.getMetadata().getNamespace()).isEqualTo(w.ref().namespace());
        grouped.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
      }
    }
    List<String> input =
        m.pods().stream()
            .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
            .toList();
    assertThat(grouped).containsExactlyInAnyOrderElementsOf(input);
  }

  @Provide
  Arbitrary<Manifests> subsets() {
    return Arbitraries.subsetOf(OBJECTS)
        .map(s -> Manifests.of(OBJECTS.stream().filter(s::contains).toList()));
  }

  private static Manifests shuffle(Manifests m, Random random) {
    return new Manifests(
        shuffled(m.namespaces(), random),
        shuffled(m.pods(), random),
        shuffled(m.deployments(), random),
        shuffled(m.statefulSets(), random),
        shuffled(m.daemonSets(), random),
        shuffled(m.replicaSets(), random),
        shuffled(m.replicationControllers(), random),
        shuffled(m.jobs(), random),
        shuffled(m.cronJobs(), random),
        shuffled(m.services(), random),
        shuffled(m.configMaps(), random),
        shuffled(m.ingresses(), random),
        shuffled(m.networkPolicies(), random),
        shuffled(m.endpointSlices(), random),
        shuffled(m.serviceAccounts(), random),
        shuffled(m.roleBindings(), random),
        shuffled(m.clusterRoleBindings(), random),
        shuffled(m.gateways(), random),
        shuffled(m.httpRoutes(), random),
        shuffled(m.grpcRoutes(), random),
        shuffled(m.tlsRoutes(), random),
        shuffled(m.tcpRoutes(), random),
        shuffled(m.udpRoutes(), random),
        m.warnings(),
        m.sources());
  }

  private static <T> List<T> shuffled(List<T> list, Random random) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, random);
    return copy;
  }
}
