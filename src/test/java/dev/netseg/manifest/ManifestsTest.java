package dev.netseg.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  static HasMetadata pod(String ns, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .build();
  }

  static HasMetadata service(String ns, String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .build();
  }

  @Test
  void groupsObjectsByKindKeepingTheirOrder() {
    Manifests m =
        Manifests.of(
            List.of(
                service("a", "s1"),
                pod("a", "p2"),
                new NamespaceBuilder().withNewMetadata().withName("ns1").endMetadata().build(),
                pod("b", "p1"),
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withNamespace("c")
                    .withName("d")
                    .endMetadata()
                    .build()));

    assertThat(m.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("p2", "p1");
    assertThat(m.services()).hasSize(1);
    assertThat(m.deployments()).hasSize(1);
    assertThat(m.size()).isEqualTo(5);
    // allObjects: kind by kind in the record's order (namespaces, pods, deployments, ..., services)
    assertThat(m.allObjects())
        .extracting(o -> o.getKind() + ":" + o.getMetadata().getName())
        .containsExactly("Namespace:ns1", "Pod:p2", "Pod:p1", "Deployment:d", "Service:s1");
    assertThat(m.namespaceNames()).containsExactly("a", "b", "c", "ns1");
    assertThat(m.sourceOf(m.pods().get(0))).isEmpty();
  }

  @Test
  void rejectsKindsItDoesNotHold() {
    assertThatThrownBy(
            () ->
                Manifests.of(
                    List.of(
                        new SecretBuilder().withNewMetadata().withName("s").endMetadata().build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Secret");
  }

  @Test
  void rejectsDuplicateObjects() {
    assertThatThrownBy(() -> Manifests.of(List.of(pod("a", "p"), service("a", "p"), pod("a", "p"))))
        .isInstanceOf(ManifestException.class)
        .hasMessage("Pod a/p: duplicate object");
  }

  @Test
  void mergesObjectsWarningsAndSources() {
    Manifests first =
        Manifests.builder()
            .add(pod("a", "p"), "one.yaml#1")
            .warning("one.yaml#2: skipping kind Foo (not used by netseg)")
            .build();
    Manifests second =
        Manifests.builder()
            .add(pod("a", "q"), "two.yaml#1")
            .add(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withNamespace("a")
                    .withName("c")
                    .endMetadata()
                    .build())
            .warning("two.yaml#3: w")
            .build();

    Manifests merged = first.merge(second);

    assertThat(merged.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("p", "q");
    assertThat(merged.configMaps()).hasSize(1);
    assertThat(merged.warnings())
        .containsExactly("one.yaml#2: skipping kind Foo (not used by netseg)", "two.yaml#3: w");
    assertThat(merged.sourceOf(merged.pods().get(1))).contains("two.yaml#1");
    assertThat(merged.sourceOf(merged.configMaps().get(0))).isEmpty();
  }

  @Test
  void refusesToMergeADuplicateNamingBothPlaces() {
    Manifests first = Manifests.builder().add(pod("a", "p"), "one.yaml#1").build();
    Manifests second = Manifests.builder().add(pod("a", "p"), "two.yaml#4").build();

    assertThatThrownBy(() -> first.merge(second))
        .isInstanceOf(ManifestException.class)
        .hasMessage("two.yaml#4 (Pod a/p): duplicate object, also defined at one.yaml#1");
  }

  @Test
  void isImmutable() {
    Manifests m = Manifests.of(List.of(pod("a", "p")));

    assertThatThrownBy(() -> m.pods().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.sources().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Manifests.empty().allObjects()).isEmpty();
  }
}
