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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadsFromClusterTest {
  private final WorkloadExtractor extractor = new WorkloadExtractor();

  private static String rsPod(String name, String rs, String hash) {
    return pod(
        "shop",
        name,
        "{app: web, pod-template-hash: %s}".formatted(hash),
        "ReplicaSet/" + rs,
        null);
  }

  private static List<String> summary(List<Workload> workloads) {
    return workloads.stream()
        .map(
            w ->
                w.ref()
                    + " "
                    + StableSelectors.describe(w.selector())
                    + " pods="
                    + w.pods().stream().map(p -> p.getMetadata().getName()).toList()
                    + " template="
                    + w.template().getMetadata().getName())
        .toList();
  }

  @Test
  void groupsPodsThroughReplicaSetsIntoTheirDeploymentAcrossARollout() {
    Manifests live =
        load(
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
            rsPod("web-bbb-2", "web-bbb", "bbb"),
            rsPod("web-aaa-1", "web-aaa", "aaa"));

    List<Workload> workloads = extractor.fromCluster(live);

    assertThat(summary(workloads))
        .containsExactly("shop/web[Deployment] {app=web} pods=[web-aaa-1, web-bbb-2] template=web");
    Workload w = workloads.get(0);
    assertThat(w.template().getStatus())
        .as("template from the Deployment, not a live pod")
        .isNull();
    assertThat(w.metadata().getAnnotations()).isEqualTo(Map.of("team", "a"));
  }

  @Test
  void findsTheDeploymentFromThePodTemplateHashWhenTheReplicaSetIsUnknown() {
    Manifests live =
        load(
            rsPod("web-7d4b9c-b", "web-7d4b9c", "7d4b9c"),
            rsPod("web-7d4b9c-a", "web-7d4b9c", "7d4b9c"),
            // The hash does not match the ReplicaSet's name: not provably a Deployment's.
            pod(
                "shop",
                "odd-x1",
                "{app: odd, pod-template-hash: zzz}",
                "ReplicaSet/odd-abc",
                null));

    List<Workload> workloads = extractor.fromCluster(live);

    assertThat(summary(workloads))
        .containsExactly(
            "shop/odd-abc[ReplicaSet] {app=odd} pods=[odd-x1] template=odd-x1",
            "shop/web[Deployment] {app=web} pods=[web-7d4b9c-a, web-7d4b9c-b] template=web-7d4b9c-a");
    assertThat(workloads.get(1).metadata().getName()).isEqualTo("web");
    assertThat(workloads.get(1).metadata().getNamespace()).isEqualTo("shop");
  }

  @Test
  void usesTheReplicaSetsSelectorWhenOnlyTheDeploymentIsUnknown() {
    Manifests live =
        load(
            replicaSet(
                "shop",
                "web-aaa",
                "web",
                "{app: web, tier: front, pod-template-hash: aaa}",
                "{app: web, tier: front, pod-template-hash: aaa}"),
            pod(
                "shop",
                "web-aaa-1",
                "{app: web, tier: front, pod-template-hash: aaa, extra: one}",
                "ReplicaSet/web-aaa",
                null));

    assertThat(summary(extractor.fromCluster(live)))
        .containsExactly(
            "shop/web[Deployment] {app=web, tier=front} pods=[web-aaa-1] template=web-aaa-1");
  }

  @Test
  void templateWithoutTheControllerIsTheOldestPod() {
    Manifests live =
        load(
            pod(
                "shop",
                "web-h-c",
                "{app: web, pod-template-hash: h}",
                "ReplicaSet/web-h",
                "2024-01-01T00:00:00Z"),
            pod(
                "shop",
                "web-h-a",
                "{app: web, pod-template-hash: h}",
                "ReplicaSet/web-h",
                "2024-03-01T00:00:00Z"),
            pod(
                "shop",
                "web-h-b",
                "{app: web, pod-template-hash: h}",
                "ReplicaSet/web-h",
                "2024-01-01T00:00:00Z"),
            pod("shop", "web-h-d", "{app: web, pod-template-hash: h}", "ReplicaSet/web-h", null));

    Workload w = extractor.fromCluster(live).get(0);

    // Oldest first; equal times by name; pods without a time last.
    assertThat(w.template().getMetadata().getName()).isEqualTo("web-h-b");
    assertThat(w.template().getStatus().getPodIP()).as("a live pod").isEqualTo("10.0.0.1");
  }

  @Test
  void selectorWithoutAnyControllerIsTheStableLabelsAllPodsShare() {
    Manifests live =
        load(
            pod(
                "shop",
                "web-h-a",
                "{app: web, pod-template-hash: h, zone: a}",
                "ReplicaSet/web-h",
                null),
            pod(
                "shop",
                "web-h-b",
                "{app: web, pod-template-hash: h, zone: b}",
                "ReplicaSet/web-h",
                null));

    assertThat(StableSelectors.describe(extractor.fromCluster(live).get(0).selector()))
        .isEqualTo("{app=web}");
  }

  @Test
  void groupsJobPodsIntoTheirCronJob() {
    Manifests live =
        load(
            cronJob("shop", "report", "{app: report}"),
            job("shop", "report-28000000", "report", "{app: report}"),
            pod(
                "shop",
                "report-28000000-x",
                "{app: report, job-name: report-28000000, batch.kubernetes.io/controller-uid: u1}",
                "Job/report-28000000",
                null),
            // Its Job is gone from the listing, but the name says which CronJob ran it.
            pod(
                "shop",
                "report-28000005-y",
                "{app: report, job-name: report-28000005}",
                "Job/report-28000005",
                null),
            // A Job with no CronJob.
            pod("shop", "migrate-z", "{app: migrate, job-name: migrate}", "Job/migrate", null));

    assertThat(summary(extractor.fromCluster(live)))
        .containsExactly(
            "shop/migrate[Job] {app=migrate} pods=[migrate-z] template=migrate-z",
            "shop/report[CronJob] {app=report} pods=[report-28000000-x, report-28000005-y] template=report");
  }

  @Test
  void groupsStatefulSetAndDaemonSetPodsAndStripsPerPodLabels() {
    Manifests live =
        load(
            controller("StatefulSet", "shop", "db", "{app: db}", "{app: db}"),
            pod(
                "shop",
                "db-1",
                "{app: db, statefulset.kubernetes.io/pod-name: db-1, apps.kubernetes.io/pod-index: \"1\", controller-revision-hash: db-5f}",
                "StatefulSet/db",
                null),
            pod(
                "shop",
                "db-0",
                "{app: db, statefulset.kubernetes.io/pod-name: db-0, apps.kubernetes.io/pod-index: \"0\", controller-revision-hash: db-5f}",
                "StatefulSet/db",
                null),
            pod(
                "kube-system",
                "agent-q",
                "{app: agent, controller-revision-hash: x, pod-template-generation: \"3\"}",
                "DaemonSet/agent",
                null));

    assertThat(summary(extractor.fromCluster(live)))
        .containsExactly(
            "kube-system/agent[DaemonSet] {app=agent} pods=[agent-q] template=agent-q",
            "shop/db[StatefulSet] {app=db} pods=[db-0, db-1] template=db");
  }

  @Test
  void podsWithoutAKnownKindOfControllerAreTheirOwnWorkload() {
    Manifests live =
        load(
            pod("shop", "debug", "{run: debug}", null, null),
            pod("kube-system", "etcd-node1", "{component: etcd}", "Node/node1", null),
            pod("shop", "canary-x", "{app: canary}", "Rollout/canary", null));

    List<Workload> workloads = extractor.fromCluster(live);

    assertThat(summary(workloads))
        .containsExactly(
            "kube-system/etcd-node1[Pod] {component=etcd} pods=[etcd-node1] template=etcd-node1",
            "shop/canary-x[Pod] {app=canary} pods=[canary-x] template=canary-x",
            "shop/debug[Pod] {run=debug} pods=[debug] template=debug");
    assertThat(workloads.get(2).template()).isSameAs(live.pods().get(0));
  }

  @Test
  void controllersWithoutPodsAreWorkloadsToo() {
    Manifests live =
        load(
            deployment("shop", "idle", "{app: idle}", "{app: idle}"),
            replicaSet(
                "shop",
                "idle-aaa",
                "idle",
                "{app: idle, pod-template-hash: aaa}",
                "{app: idle, pod-template-hash: aaa}"),
            replicaSet(
                "shop",
                "orphan-bbb",
                "gone",
                "{app: orphan, pod-template-hash: bbb}",
                "{app: orphan, pod-template-hash: bbb}"));

    assertThat(summary(extractor.fromCluster(live)))
        .containsExactly(
            "shop/gone[Deployment] {app=orphan} pods=[] template=gone",
            "shop/idle[Deployment] {app=idle} pods=[] template=idle");
  }
}
