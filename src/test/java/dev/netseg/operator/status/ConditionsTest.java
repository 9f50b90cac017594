package dev.netseg.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.decide.DesiredCondition;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T1 = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void transitionTimeChangesOnlyWhenStatusChanges() {
    List<Condition> first =
        Conditions.apply(
            List.of(),
            List.of(
                new DesiredCondition("Ready", false, "Learning", "learning"),
                new DesiredCondition("Degraded", false, "AsExpected", "ok")),
            1,
            T1);
    List<Condition> second =
        Conditions.apply(
            first,
            List.of(
                new DesiredCondition("Ready", true, "Applied", "3 policies applied"),
                new DesiredCondition("Degraded", false, "AsExpected", "still ok")),
            2,
            T2);
    assertThat(second).extracting(Condition::getType).containsExactly("Degraded", "Ready");
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(second.get(0).getMessage()).isEqualTo("still ok");
    assertThat(second.get(1).getLastTransitionTime()).isEqualTo(T2.toString());
    assertThat(second.get(1).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void sameInputsGiveEqualConditions() {
    var desired = List.of(new DesiredCondition("Ready", true, "Applied", "ok"));
    List<Condition> a = Conditions.apply(List.of(), desired, 1, T1);
    assertThat(Conditions.apply(a, desired, 1, T2)).isEqualTo(a);
  }
}
