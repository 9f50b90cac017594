package dev.netseg.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces, among {@code candidates}, that an object's references may name: a reference to a
 * Service of another namespace must carry that namespace in its DNS name ({@code svc.ns}, {@code
 * svc.ns.svc.cluster.local}), and a declaration names it too ({@code ns/workload}). The words of
 * the texts inference reads (env values, command, args, ConfigMap data, annotations) are compared
 * with the candidates. A word that only looks like a namespace costs one reconcile that writes
 * nothing; a missed one would leave the other end's policy stale until the resync.
 */
public final class ReferencedNamespaces {
  private ReferencedNamespaces() {}

  public static Set<String> in(HasMetadata object, Set<String> candidates) {
    Set<String> found = new TreeSet<>();
    if (candidates.isEmpty() || object == null) {
      return found;
    }
    for (String text : texts(object)) {
      for (String word : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9-]+")) {
        if (candidates.contains(word)) {
          found.add(word);
        }
      }
    }
    if (object.getMetadata() != null) {
      found.remove(object.getMetadata().getNamespace());
    }
    return found;
  }

  private static List<String> texts(HasMetadata object) {
    List<String> texts = new ArrayList<>();
    annotations(object.getMetadata() == null ? null : object.getMetadata().getAnnotations(), texts);
    if (object instanceof ConfigMap cm) {
      Optional.ofNullable(cm.getData()).map(Map::values).ifPresent(texts::addAll);
      return texts;
    }
    template(object)
        .ifPresent(
            t -> {
              annotations(t.getMetadata() == null ? null : t.getMetadata().getAnnotations(), texts);
              spec(t.getSpec(), texts);
            });
    if (object instanceof Pod pod) {
      spec(pod.getSpec(), texts);
    }
    return texts;
  }

  private static Optional<PodTemplateSpec> template(HasMetadata object) {
    if (object instanceof Deployment d && d.getSpec() != null) {
      return Optional.ofNullable(d.getSpec().getTemplate());
    }
    if (object instanceof StatefulSet s && s.getSpec() != null) {
      return Optional.ofNullable(s.getSpec().getTemplate());
    }
    if (object instanceof DaemonSet d && d.getSpec() != null) {
      return Optional.ofNullable(d.getSpec().getTemplate());
    }
    if (object instanceof ReplicaSet r && r.getSpec() != null) {
      return Optional.ofNullable(r.getSpec().getTemplate());
    }
    if (object instanceof Job j && j.getSpec() != null) {
      return Optional.ofNullable(j.getSpec().getTemplate());
    }
    if (object instanceof CronJob c
        && c.getSpec() != null
        && c.getSpec().getJobTemplate() != null
        && c.getSpec().getJobTemplate().getSpec() != null) {
      return Optional.ofNullable(c.getSpec().getJobTemplate().getSpec().getTemplate());
    }
    return Optional.empty();
  }

  private static void annotations(Map<String, String> annotations, List<String> texts) {
    if (annotations != null) {
      texts.addAll(annotations.values());
    }
  }

  private static void spec(PodSpec spec, List<String> texts) {
    if (spec == null) {
      return;
    }
    containers(spec.getContainers(), texts);
    containers(spec.getInitContainers(), texts);
  }

  private static void containers(List<Container> containers, List<String> texts) {
    if (containers == null) {
      return;
    }
    for (Container c : containers) {
      if (c.getEnv() != null) {
        for (EnvVar v : c.getEnv()) {
          if (v.getValue() != null) {
            texts.add(v.getValue());
          }
        }
      }
      Optional.ofNullable(c.getCommand()).ifPresent(texts::addAll);
      Optional.ofNullable(c.getArgs()).ifPresent(texts::addAll);
    }
  }
}
