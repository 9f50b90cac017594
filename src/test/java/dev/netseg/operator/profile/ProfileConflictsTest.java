package dev.netseg.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileConflictsTest {
  private final ProfileValidator validator = new ProfileValidator(Set.of());

  private ProfileSettings settings(String yaml) {
    return validator
        .validate(Serialization.unmarshal(yaml, SegmentationProfileSpec.class))
        .settings()
        .orElseThrow();
  }

  private static Workload workload(String ns, String name, Map<String, String> labels) {
    return new Workload(
        new WorkloadRef(ns, name, "Deployment"),
        new ObjectMeta(),
        new LabelSelectorBuilder().withMatchLabels(labels).build(),
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withLabels(labels)
            .endMetadata()
            .build(),
        List.of());
  }

  @Test
  void overlappingProfilesBothSeeTheContestedWorkloadNamingTheOther() {
    List<Workload> workloads =
        List.of(
            workload("shop", "cart", Map.of("app", "cart", "team", "a")),
            workload("shop", "web", Map.of("app", "web", "team", "b")));
    Map<String, ProfileSettings> profiles =
        Map.of(
            "all", settings("{}"),
            "team-a", settings("scope: {workloadSelector: {matchLabels: {team: a}}}"),
            "team-b-no-web",
                settings(
                    "scope: {workloadSelector: {matchLabels: {team: b}}}\n"
                        + "exclude: {workloads: [web]}"));
    ProfileConflicts conflicts = ProfileConflicts.find("shop", profiles, workloads);
    WorkloadRef cart = workloads.get(0).ref();
    assertThat(conflicts.isContested(cart)).isTrue();
    assertThat(conflicts.isContested(workloads.get(1).ref())).isFalse();
    assertThat(conflicts.of("all")).containsExactly(Map.entry(cart, List.of("team-a")));
    assertThat(conflicts.of("team-a")).containsExactly(Map.entry(cart, List.of("all")));
    assertThat(conflicts.of("team-b-no-web")).isEmpty();
  }

  @Test
  void profilesNeverGovernWorkloadsOfAnotherNamespace() {
    List<Workload> workloads = List.of(workload("other", "cart", Map.of("app", "cart")));
    ProfileConflicts conflicts =
        ProfileConflicts.find("shop", Map.of("a", settings("{}"), "b", settings("{}")), workloads);
    assertThat(conflicts.isContested(workloads.get(0).ref())).isFalse();
  }
}
