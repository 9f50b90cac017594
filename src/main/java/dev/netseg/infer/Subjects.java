package dev.netseg.infer;

import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** How objects are named in findings and evidence: {@code Deployment shop/frontend}. */
final class Subjects {
  private Subjects() {}

  static String of(WorkloadRef ref) {
    return ref.kind() + " " + ref.namespace() + "/" + ref.name();
  }

  static String of(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  /** A value shortened for evidence, so that a large ConfigMap does not flood an annotation. */
  static String abbreviate(String value) {
    String oneLine =
        value.length() <= 100 && !hasWhitespace(value)
            ? value
            : value.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 97) + "...";
  }

  private static boolean hasWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
