package dev.netseg.workload;

import dev.netseg.policy.LabelSelectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which workload of a set of manifests a pod seen in a flow belongs to, from what the flow says of
 * it, in this order: the controller a collector names (Hubble's {@code workloads}: kind and name),
 * the pod's labels against the workloads' selectors, then the names controllers give their pods
 * ({@link PodNames}). Each answer says how it was found, or why none was.
 */
public final class PodOwners {
  /** A workload and how it was found; or none, and why. */
  public record Answer(Optional<WorkloadRef> workload, String reason) {
    public Answer {
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final List<Workload> workloads;
  private final PodNames names;

  public PodOwners(List<Workload> workloads) {
    this.workloads = List.copyOf(workloads);
    this.names = new PodNames(workloads);
  }

  /** By the pod's name alone. */
  public Optional<WorkloadRef> byName(String namespace, String pod) {
    return names.workloadOf(namespace, pod);
  }

  /**
   * @param controllerName the name of the pod's controller as the collector gives it, or empty
   * @param controllerKind its kind, or empty (then a workload of that name of any kind, if one)
   * @param labels the pod's labels, empty when unknown
   */
  public Answer of(
      String namespace,
      String pod,
      Optional<String> controllerName,
      Optional<String> controllerKind,
      Map<String, String> labels) {
    List<String> why = new ArrayList<>();
    if (controllerName.isPresent()) {
      List<WorkloadRef> named =
          workloads.stream()
              .map(Workload::ref)
              .filter(r -> r.namespace().equals(namespace) && r.name().equals(controllerName.get()))
              .filter(r -> controllerKind.isEmpty() || r.kind().equals(controllerKind.get()))
              .toList();
      String controller =
          controllerKind.map(k -> k + " ").orElse("") + namespace + "/" + controllerName.get();
      if (named.size() == 1) {
        return new Answer(Optional.of(named.get(0)), "its workloads field names " + controller);
      }
      why.add(
          "its workloads field names "
              + controller
              + (named.isEmpty() ? ", which is not in the input" : ", which is ambiguous"));
    }
    if (!labels.isEmpty()) {
      List<WorkloadRef> matched =
          workloads.stream()
              .filter(w -> w.ref().namespace().equals(namespace))
              .filter(w -> !LabelSelectors.isEmpty(w.selector()))
              .filter(w -> LabelSelectors.matches(w.selector(), labels))
              .map(Workload::ref)
              .toList();
      if (matched.size() == 1) {
        return new Answer(Optional.of(matched.get(0)), "its labels match its selector");
      }
      why.add(
          "its labels "
              + describe(labels)
              + (matched.isEmpty()
                  ? " match no workload's selector"
                  : " match the selectors of " + matched.size() + " workloads"));
    }
    Optional<WorkloadRef> byName = names.workloadOf(namespace, pod);
    if (byName.isPresent()) {
      return new Answer(byName, "its name");
    }
    why.add(
        "its name follows no workload's pod names (<deployment>-<hash>-<5>, <statefulset>-<n>,"
            + " <daemonset>-<5>, ...)");
    return new Answer(
        Optional.empty(), "pod " + namespace + "/" + pod + ": " + String.join("; ", why));
  }

  private static String describe(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
