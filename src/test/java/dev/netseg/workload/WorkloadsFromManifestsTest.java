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
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadsFromManifestsTest {
  private final WorkloadExtractor extractor = new WorkloadExtractor();

  static Stream<Arguments> controllers() {
    return Stream.of(
        Arguments.of(
            deployment("shop", "web", "{app: web}", "{app: web, version: v2}"),
            "shop/web[Deployment]",
            "{app=web}"),
        Arguments.of(
            controller("StatefulSet", "shop", "db", "{app: db}", "{app: db}"),
            "shop/db[StatefulSet]",
            "{app=db}"),
        Arguments.of(
            controller(
                "DaemonSet", "kube-system", "agent", "{app: agent}", "{app: agent, tier: node}"),
            "kube-system/agent[DaemonSet]",
            "{app=agent}"),
        Arguments.of(
            replicaSet("shop", "legacy", null, "{app: legacy}", "{app: legacy}"),
            "shop/legacy[ReplicaSet]",
            "{app=legacy}"),
        Arguments.of(
            job("shop", "migrate", null, "{app: migrate}"), "shop/migrate[Job]", "{app=migrate}"),
        Arguments.of(
            cronJob("shop", "report", "{app: report, job-name: x}"),
            "shop/report[CronJob]",
            "{app=report}"),
        Arguments.of(
            pod("shop", "debug", "{run: debug, pod-template-hash: abc}", null, null),
            "shop/debug[Pod]",
            "{run=debug}"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("controllers")
  void makesOneWorkloadPerControllerWithItsTemplateStandingForItsPods(
      String yaml, String ref, String selector) {
    Manifests m = load(yaml);

    List<Workload> workloads = extractor.fromManifests(m);

    assertThat(workloads).hasSize(1);
    Workload w = workloads.get(0);
    assertThat(w.ref()).hasToString(ref);
    assertThat(StableSelectors.describe(w.selector())).isEqualTo(selector);
    assertThat(w.pods()).isEmpty();
    assertThat(w.metadata().getName()).isEqualTo(w.ref().name());
    Pod t = w.template();
    assertThat(t.getMetadata().getNamespace()).isEqualTo(w.ref().namespace());
    assertThat(t.getMetadata().getName()).isEqualTo(w.ref().name());
    assertThat(t.getStatus()).as("no IPs").isNull();
    assertThat(t.getApiVersion() + " " + t.getKind()).isEqualTo("v1 Pod");
    assertThat(t.getSpec().getContainers()).extracting(c -> c.getName()).containsExactly("main");
    assertThat(t.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void copiesTheTemplatesLabelsAnnotationsAndSpecNotTheControllers() {
    Workload w =
        extractor
            .fromManifests(load(deployment("shop", "web", "{app: web}", "{app: web, version: v2}")))
            .get(0);

    assertThat(w.template().getMetadata().getLabels())
        .isEqualTo(Map.of("app", "web", "version", "v2"));
    assertThat(w.template().getMetadata().getAnnotations())
        .isEqualTo(Map.of("netseg.dev/egress", "db:5432"));
    assertThat(w.template().getSpec().getContainers().get(0).getPorts().get(0).getName())
        .isEqualTo("http");
    assertThat(w.metadata().getAnnotations()).isEqualTo(Map.of("team", "a"));
  }

  @Test
  void templateIsACopyThatDoesNotChangeTheManifest() {
    Manifests m = load(deployment("shop", "web", "{app: web}", "{app: web}"));
    Workload w = extractor.fromManifests(m).get(0);

    w.template().getMetadata().getLabels().put("changed", "yes");
    w.template().getSpec().getContainers().get(0).setName("changed");

    assertThat(m.deployments().get(0).getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("changed");
    assertThat(
            m.deployments()
                .get(0)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getName())
        .isEqualTo("main");
  }

  @Test
  void bareManifestPodLosesItsStatusAndUnstableLabels() {
    Workload w =
        extractor
            .fromManifests(
                load(pod("shop", "debug", "{run: debug, controller-revision-hash: h}", null, null)))
            .get(0);

    assertThat(w.template().getStatus()).isNull();
    assertThat(w.template().getMetadata().getLabels()).containsKey("controller-revision-hash");
    assertThat(w.selector().getMatchLabels()).isEqualTo(Map.of("run", "debug"));
  }

  @Test
  void objectsOwnedByControllersInTheSetAreNotWorkloadsOfTheirOwn() {
    Manifests m =
        load(
            deployment("shop", "web", "{app: web}", "{app: web}"),
            replicaSet(
                "shop",
                "web-5d8f",
                "web",
                "{app: web, pod-template-hash: 5d8f}",
                "{app: web, pod-template-hash: 5d8f}"),
            pod(
                "shop",
                "web-5d8f-a",
                "{app: web, pod-template-hash: 5d8f}",
                "ReplicaSet/web-5d8f",
                null),
            cronJob("shop", "report", "{app: report}"),
            job("shop", "report-28000000", "report", "{app: report}"),
            pod("shop", "report-28000000-x", "{app: report}", "Job/report-28000000", null),
            controller("StatefulSet", "shop", "db", "{app: db}", "{app: db}"),
            pod("shop", "db-0", "{app: db}", "StatefulSet/db", null));

    assertThat(extractor.fromManifests(m))
        .extracting(w -> w.ref().toString())
        .containsExactly("shop/db[StatefulSet]", "shop/report[CronJob]", "shop/web[Deployment]");
  }

  /** Issue 18: a pod whose controller is not in the set is reported as that controller. */
  @Test
  void objectsWhoseOwnerIsNotInTheSetAreWorkloadsOfTheirOwn() {
    Manifests m =
        load(
            replicaSet("shop", "web-5d8f", "web", "{app: web}", "{app: web}"),
            job("shop", "report-28000000", "report", "{app: report}"),
            pod("shop", "db-0", "{app: db}", "StatefulSet/db", null),
            pod("shop", "static-node1", "{app: static}", "Node/node1", null));

    assertThat(extractor.fromManifests(m))
        .extracting(w -> w.ref().toString())
        .containsExactly(
            "shop/db[StatefulSet]",
            "shop/report-28000000[Job]",
            "shop/static-node1[Pod]",
            "shop/web-5d8f[ReplicaSet]");
  }

  @Test
  void anOwnerReferenceWithAnotherUidPointsToADifferentObject() {
    String stale =
        replicaSet("shop", "web-5d8f", "web", "{app: web}", "{app: web}")
            .replace("uid: uid-web,", "uid: old-uid,");
    Manifests m = load(deployment("shop", "web", "{app: web}", "{app: web}"), stale);

    assertThat(extractor.fromManifests(m))
        .extracting(w -> w.ref().toString())
        .containsExactly("shop/web[Deployment]", "shop/web-5d8f[ReplicaSet]");
  }

  @Test
  void sortsWorkloadsByNamespaceNameAndKind() {
    Manifests m =
        load(
            pod("b", "x", "{a: b}", null, null),
            deployment("a", "z", "{app: z}", "{app: z}"),
            controller("DaemonSet", "a", "x", "{app: x}", "{app: x}"),
            deployment("a", "x", "{app: x2}", "{app: x2}"));

    assertThat(extractor.fromManifests(m))
        .extracting(w -> w.ref().toString())
        .containsExactly("a/x[DaemonSet]", "a/x[Deployment]", "a/z[Deployment]", "b/x[Pod]");
  }
}
