package dev.netseg.operator.status;

import dev.netseg.operator.decide.DesiredCondition;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The standard conditions of a profile. Setting a condition keeps its lastTransitionTime unless its
 * status changes, as Kubernetes API conventions require, so that an unchanged reconcile writes an
 * identical status.
 */
public final class Conditions {
  private Conditions() {}

  /**
   * The previous conditions with {@code updates} applied, sorted by type.
   *
   * @param now the time stamped on conditions whose status changes
   */
  public static List<Condition> apply(
      List<Condition> previous, List<DesiredCondition> updates, long generation, Instant now) {
    List<Condition> out = new ArrayList<>();
    for (DesiredCondition d : updates) {
      String status = d.status() ? "True" : "False";
      Condition old =
          previous == null
              ? null
              : previous.stream()
                  .filter(c -> d.type().equals(c.getType()))
                  .findFirst()
                  .orElse(null);
      String transition =
          old != null
                  && Objects.equals(old.getStatus(), status)
                  && old.getLastTransitionTime() != null
              ? old.getLastTransitionTime()
              : now.toString();
      out.add(
          new ConditionBuilder()
              .withType(d.type())
              .withStatus(status)
              .withReason(d.reason())
              .withMessage(d.message())
              .withObservedGeneration(generation)
              .withLastTransitionTime(transition)
              .build());
    }
    if (previous != null) {
      for (Condition c : previous) {
        if (out.stream().noneMatch(o -> o.getType().equals(c.getType()))) {
          out.add(c);
        }
      }
    }
    out.sort(Comparator.comparing(Condition::getType));
    return out;
  }
}
