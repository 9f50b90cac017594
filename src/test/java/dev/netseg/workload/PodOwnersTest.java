package dev.netseg.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.manifest.ManifestLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A flow's pod is resolved by the controller named, then its labels, then its name. */
class PodOwnersTest {
  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template: {metadata: {labels: {app: web, tier: front}}, spec: {containers: [{name: c}]}}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: shop}
      spec:
        selector: {matchLabels: {app: db}}
        template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c}]}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: db, namespace: shop}
      spec:
        selector: {matchLabels: {app: db-tools}}
        template: {metadata: {labels: {app: db-tools}}, spec: {containers: [{name: c}]}}
      """;

  private static final WorkloadRef WEB = new WorkloadRef("shop", "web", "Deployment");
  private static final WorkloadRef DB = new WorkloadRef("shop", "db", "StatefulSet");

  static Stream<Arguments> cases() {
    Optional<String> none = Optional.empty();
    return Stream.of(
        Arguments.of(
            "controller named",
            "canary-1",
            Optional.of("web"),
            Optional.of("Deployment"),
            Map.of(),
            WEB,
            "its workloads field names Deployment shop/web"),
        Arguments.of(
            "controller named without kind, one of that name",
            "canary-1",
            Optional.of("web"),
            none,
            Map.of(),
            WEB,
            "its workloads field names shop/web"),
        Arguments.of(
            "kind tells two of one name apart",
            "x",
            Optional.of("db"),
            Optional.of("StatefulSet"),
            Map.of(),
            DB,
            "its workloads field names StatefulSet shop/db"),
        Arguments.of(
            "labels",
            "canary-1",
            none,
            none,
            Map.of("app", "web", "tier", "front", "x", "y"),
            WEB,
            "its labels match its selector"),
        Arguments.of(
            "controller named before the name",
            "db-0",
            Optional.of("web"),
            Optional.of("Deployment"),
            Map.of(),
            WEB,
            "its workloads field names Deployment shop/web"),
        Arguments.of(
            "the name when nothing else tells", "db-0", none, none, Map.of(), DB, "its name"),
        Arguments.of(
            "nothing",
            "mystery",
            Optional.of("ghost"),
            Optional.of("Deployment"),
            Map.of("app", "ghost"),
            null,
            "pod shop/mystery: its workloads field names Deployment shop/ghost, which is not in"
                + " the input; its labels {app=ghost} match no workload's selector; its name"
                + " follows no workload's pod names (<deployment>-<hash>-<5>, <statefulset>-<n>,"
                + " <daemonset>-<5>, ...)"),
        Arguments.of(
            "an ambiguous name without kind",
            "mystery",
            Optional.of("db"),
            none,
            Map.of(),
            null,
            "pod shop/mystery: its workloads field names shop/db, which is ambiguous; its name"
                + " follows no workload's pod names (<deployment>-<hash>-<5>, <statefulset>-<n>,"
                + " <daemonset>-<5>, ...)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesByControllerThenLabelsThenName(
      String what,
      String pod,
      Optional<String> name,
      Optional<String> kind,
      Map<String, String> labels,
      WorkloadRef expected,
      String reason) {
    List<Workload> workloads =
        new WorkloadExtractor().fromManifests(new ManifestLoader().loadText("app.yaml", APP));
    PodOwners.Answer answer = new PodOwners(workloads).of("shop", pod, name, kind, labels);
    assertThat(answer.workload()).as(what).isEqualTo(Optional.ofNullable(expected));
    assertThat(answer.reason()).as(what).isEqualTo(reason);
  }
}
