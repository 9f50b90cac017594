package dev.netseg.workload;

import static dev.netseg.workload.ClusterYaml.deployment;
import static dev.netseg.workload.ClusterYaml.load;
import static dev.netseg.workload.ClusterYaml.pod;
import static dev.netseg.workload.ClusterYaml.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.policy.Endpoint.PodRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadIndexTest {
  private final WorkloadExtractor extractor = new WorkloadExtractor();

  @Test
  void mapsTemplatesOfManifestWorkloadsToTheirWorkload() {
    WorkloadIndex index =
        WorkloadIndex.of(
            extractor.fromManifests(
                load(
                    deployment("shop", "web", "{app: web}", "{app: web}"),
                    pod("shop", "debug", "{run: d}", null, null))));

    assertThat(index.workloadOf("shop", "web"))
        .map(Object::toString)
        .contains("shop/web[Deployment]");
    assertThat(index.workloadOf(new PodRef("shop", "debug")))
        .map(Object::toString)
        .contains("shop/debug[Pod]");
    assertThat(index.workloadOf("other", "web")).isEmpty();
    assertThat(index.pods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("debug", "web");
    assertThat(index.conflicts()).isEmpty();
  }

  @Test
  void mapsLivePodsRatherThanTheTemplateWhenAWorkloadHasPods() {
    WorkloadIndex index =
        WorkloadIndex.of(
            extractor.fromCluster(
                load(
                    deployment("shop", "web", "{app: web}", "{app: web}"),
                    replicaSet(
                        "shop",
                        "web-h",
                        "web",
                        "{app: web, pod-template-hash: h}",
                        "{app: web, pod-template-hash: h}"),
                    pod(
                        "shop",
                        "web-h-1",
                        "{app: web, pod-template-hash: h}",
                        "ReplicaSet/web-h",
                        null),
                    pod(
                        "shop",
                        "web-h-2",
                        "{app: web, pod-template-hash: h}",
                        "ReplicaSet/web-h",
                        null))));

    assertThat(index.workloadOf("shop", "web-h-2"))
        .map(Object::toString)
        .contains("shop/web[Deployment]");
    assertThat(index.workloadOf("shop", "web")).isEmpty();
    assertThat(index.pods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("web-h-1", "web-h-2");
    assertThat(index.workload(index.workloadOf("shop", "web-h-1").orElseThrow()))
        .map(w -> w.pods().size())
        .contains(2);
  }

  @Test
  void reportsTwoWorkloadsClaimingOnePodName() {
    WorkloadIndex index =
        WorkloadIndex.of(
            extractor.fromManifests(
                load(
                    deployment("shop", "web", "{app: web}", "{app: web}"),
                    pod("shop", "web", "{run: web}", null, null))));

    assertThat(index.workloadOf("shop", "web"))
        .map(Object::toString)
        .contains("shop/web[Deployment]");
    assertThat(index.conflicts())
        .containsExactly("pod shop/web stands for both shop/web[Deployment] and shop/web[Pod]");
    assertThat(index.pods()).hasSize(1);
  }

  @Test
  void rejectsTheSameWorkloadTwice() {
    List<Workload> once =
        extractor.fromManifests(load(deployment("shop", "web", "{app: web}", "{app: web}")));

    assertThatThrownBy(() -> WorkloadIndex.of(List.of(once.get(0), once.get(0))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
