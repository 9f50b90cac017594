package dev.netseg.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of a Kubernetes object within a set of manifests: kind, namespace ({@code ""} for
 * cluster-scoped objects) and name. Two objects with the same ref are duplicates.
 */
public record ObjectRef(String kind, String namespace, String name)
    implements Comparable<ObjectRef> {
  private static final Comparator<ObjectRef> ORDER =
      Comparator.comparing(ObjectRef::kind)
          .thenComparing(ObjectRef::namespace)
          .thenComparing(ObjectRef::name);

  public ObjectRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** The ref of a fabric8 object; a missing namespace counts as {@code ""}. */
  public static ObjectRef of(HasMetadata object) {
    String ns = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
    String name = object.getMetadata() == null ? null : object.getMetadata().getName();
    return new ObjectRef(object.getKind(), ns == null ? "" : ns, name == null ? "" : name);
  }

  @Override
  public int compareTo(ObjectRef other) {
    return ORDER.compare(this, other);
  }

  /** {@code Kind namespace/name}, or {@code Kind name} for a cluster-scoped object. */
  @Override
  public String toString() {
    return namespace.isEmpty() ? kind + " " + name : kind + " " + namespace + "/" + name;
  }
}
