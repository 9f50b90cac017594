package dev.netseg.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.manifest.ManifestLoader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pods listed directly in the input (a dump of a namespace) are reported as their controller, as
 * roxctl and np-guard do; standalone pods stay pods.
 */
class ListedPodsTest {
  private static String pod(String name, String labels, String owner) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: x
          labels: %s
          ownerReferences: %s
        spec: {containers: [{name: c}]}
        ---
        """
        .formatted(
            name,
            labels,
            owner == null
                ? "[]"
                : "[{apiVersion: v1, kind: %s, name: %s, uid: u, controller: true}]"
                    .formatted(owner.split("/")[0], owner.split("/")[1]));
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: x}
      spec:
        selector: {matchLabels: {app: web}}
        template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}
      ---
      """;

  private static final String CRONJOB =
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: report, namespace: x}
      spec:
        schedule: '* * * * *'
        jobTemplate:
          spec:
            template: {metadata: {labels: {app: report}}, spec: {containers: [{name: c}]}}
      ---
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "pods of a DaemonSet",
            pod(
                    "fluentd-bcdfg",
                    "{app: fluentd, controller-revision-hash: h1}",
                    "DaemonSet/fluentd")
                + pod(
                    "fluentd-hjklm",
                    "{app: fluentd, controller-revision-hash: h1}",
                    "DaemonSet/fluentd"),
            List.of("x/fluentd[DaemonSet]"),
            2),
        Arguments.of(
            "pods of a StatefulSet",
            pod("db-0", "{app: db}", "StatefulSet/db") + pod("db-1", "{app: db}", "StatefulSet/db"),
            List.of("x/db[StatefulSet]"),
            2),
        Arguments.of(
            "a pod of a Deployment's ReplicaSet, neither in the input: the ReplicaSet without hash",
            pod("web-5d8f7-bcdfg", "{app: web, pod-template-hash: 5d8f7}", "ReplicaSet/web-5d8f7"),
            List.of("x/web[ReplicaSet]"),
            1),
        Arguments.of(
            "a pod of a Deployment's ReplicaSet, the Deployment in the input",
            DEPLOYMENT
                + pod(
                    "web-5d8f7-bcdfg",
                    "{app: web, pod-template-hash: 5d8f7}",
                    "ReplicaSet/web-5d8f7"),
            List.of("x/web[Deployment]"),
            0),
        Arguments.of(
            "a pod of a ReplicaSet without a pod-template-hash",
            pod("cache-bcdfg", "{app: cache}", "ReplicaSet/cache"),
            List.of("x/cache[ReplicaSet]"),
            1),
        Arguments.of(
            "a pod of a Job",
            pod("batch-1-bcdfg", "{app: batch}", "Job/batch-1"),
            List.of("x/batch-1[Job]"),
            1),
        Arguments.of(
            "a pod of a CronJob's Job, the CronJob in the input",
            CRONJOB + pod("report-28000000-bcdfg", "{app: report}", "Job/report-28000000"),
            List.of("x/report[CronJob]"),
            0),
        Arguments.of(
            "a pod of a ReplicationController",
            pod("legacy-bcdfg", "{app: legacy}", "ReplicationController/legacy"),
            List.of("x/legacy[ReplicationController]"),
            1),
        Arguments.of(
            "standalone and static pods stay pods",
            pod("debug", "{run: debug}", null)
                + pod("etcd-node1", "{component: etcd}", "Node/node1"),
            List.of("x/debug[Pod]", "x/etcd-node1[Pod]"),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void listedPodsAreTheirController(String what, String yaml, List<String> refs, int pods) {
    List<Workload> workloads =
        new WorkloadExtractor().fromManifests(new ManifestLoader().loadText("dump.yaml", yaml));
    assertThat(workloads).extracting(w -> w.ref().toString()).as(what).isEqualTo(refs);
    assertThat(workloads.get(0).pods()).as(what).hasSize(pods);
    assertThat(WorkloadSelectorCheck.check(workloads)).as(what).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void connectivityNamesListedPodsByTheirController() throws Exception {
    var manifests =
        new ManifestLoader()
            .loadText(
                "dump.yaml",
                pod("fluentd-bcdfg", "{app: fluentd}", "DaemonSet/fluentd")
                    + pod(
                        "web-5d8f7-bcdfg",
                        "{app: web, pod-template-hash: 5d8f7}",
                        "ReplicaSet/web-5d8f7")
                    + pod("debug", "{run: debug}", null));
    List<String> lines =
        new dev.netseg.connectivity.ConnectivityAnalysis(false)
            .analyze(manifests).stream()
                .map(dev.netseg.connectivity.ConnectivityLine::format)
                .toList();
    assertThat(lines)
        .contains(
            "x/fluentd[DaemonSet] => x/web[ReplicaSet] : All Connections",
            "x/debug[Pod] => x/fluentd[DaemonSet] : All Connections");
  }
}
