package dev.netseg.workload;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The namespaces of pods that stand for peers the input does not hold (the cluster DNS in
 * kube-system): a namespace the input lacks gets the one label the API server sets on every
 * namespace, {@code kubernetes.io/metadata.name}, which is how policies usually select it.
 */
public final class StandInNamespaces {
  private StandInNamespaces() {}

  /** {@code namespaces}, plus one for each stand-in's namespace that is not among them. */
  public static List<Namespace> with(List<Namespace> namespaces, Collection<Pod> standIns) {
    List<Namespace> out = new ArrayList<>(namespaces);
    Set<String> known = new HashSet<>();
    namespaces.forEach(n -> known.add(n.getMetadata().getName()));
    for (Pod p : standIns) {
      String ns = p.getMetadata().getNamespace();
      if (known.add(ns)) {
        out.add(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels("kubernetes.io/metadata.name", ns)
                .endMetadata()
                .build());
      }
    }
    return List.copyOf(out);
  }
}
