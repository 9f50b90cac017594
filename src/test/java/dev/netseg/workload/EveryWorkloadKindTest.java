package dev.netseg.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.testing.YamlApp;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind that runs pods in a cluster is a workload: its pods are ordinary pods, reached through
 * a Service, given a policy and named in flows.
 */
class EveryWorkloadKindTest {
  private static final String TEMPLATE =
      """
      template:
        metadata: {labels: {app: db}}
        spec:
          containers:
          - name: main
            ports: [{containerPort: 5432}]
      """;

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            "apps/v1",
            "Deployment",
            "spec:\n  selector: {matchLabels: {app: db}}\n" + TEMPLATE.indent(2),
            "db-7d9f8c6b5-x2x7q"),
        Arguments.of(
            "apps/v1",
            "StatefulSet",
            "spec:\n  selector: {matchLabels: {app: db}}\n" + TEMPLATE.indent(2),
            "db-0"),
        Arguments.of(
            "apps/v1",
            "DaemonSet",
            "spec:\n  selector: {matchLabels: {app: db}}\n" + TEMPLATE.indent(2),
            "db-x2x7q"),
        Arguments.of(
            "apps/v1",
            "ReplicaSet",
            "spec:\n  selector: {matchLabels: {app: db}}\n" + TEMPLATE.indent(2),
            "db-x2x7q"),
        Arguments.of(
            "v1",
            "ReplicationController",
            "spec:\n  selector: {app: db}\n" + TEMPLATE.indent(2),
            "db-x2x7q"),
        // The selector of a ReplicationController defaults to its template's labels.
        Arguments.of("v1", "ReplicationController", "spec:\n" + TEMPLATE.indent(2), "db-x2x7q"),
        Arguments.of("batch/v1", "Job", "spec:\n" + TEMPLATE.indent(2), "db-x2x7q"),
        Arguments.of(
            "batch/v1",
            "CronJob",
            "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n" + TEMPLATE.indent(6),
            "db-28900000-x2x7q"),
        Arguments.of(
            "v1",
            "Pod",
            """
            spec:
              containers:
              - name: main
                ports: [{containerPort: 5432}]
            """,
            "db"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void podsOfEveryKindAreWorkloadsReachedThroughTheirService(
      String apiVersion, String kind, String spec, String podName) {
    String labels = kind.equals("Pod") ? "\n  labels: {app: db}" : "";
    YamlApp app =
        YamlApp.of(
            """
            apiVersion: %s
            kind: %s
            metadata:
              name: db
              namespace: shop%s
            %s
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: shop}
            spec:
              selector: {app: db}
              ports: [{port: 5432}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: client, namespace: shop}
            spec:
              selector: {matchLabels: {app: client}}
              template:
                metadata: {labels: {app: client}}
                spec:
                  containers:
                  - name: main
                    env: [{name: DB_HOST, value: db}]
            """
                .formatted(apiVersion, kind, labels, spec));

    assertThat(app.manifests().warnings()).isEmpty();
    WorkloadRef db = new WorkloadRef("shop", "db", kind);
    assertThat(app.workloads()).extracting(Workload::ref).contains(db);
    assertThat(app.flows())
        .containsExactly("shop/client[Deployment] -> shop/db[" + kind + "] TCP/5432 [manifest]");
    assertThat(app.result().policies()).anySatisfy(p -> assertThat(p.workload()).contains(db));
    assertThat(new PodNames(app.workloads()).workloadOf("shop", podName))
        .isEqualTo(Optional.of(db));
  }

  @org.junit.jupiter.api.Test
  void podsOfAReplicationControllerInAClusterAreOneWorkload() {
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: shop
          labels: {app: db}
          ownerReferences:
          - {apiVersion: v1, kind: ReplicationController, name: db, uid: u1, controller: true}
        spec: {containers: [{name: main}]}
        """;
    var live =
        new dev.netseg.manifest.ManifestLoader()
            .loadText("live.yaml", pod.formatted("db-abcde") + "---\n" + pod.formatted("db-fghij"));
    List<Workload> workloads = new WorkloadExtractor().fromCluster(live);
    assertThat(workloads)
        .extracting(Workload::ref)
        .containsExactly(new WorkloadRef("shop", "db", "ReplicationController"));
    assertThat(workloads.get(0).pods()).hasSize(2);
  }
}
