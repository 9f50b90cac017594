package dev.netseg.workload;

import dev.netseg.policy.LabelSelectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The selector a policy uses for a workload: the controller's own {@code spec.selector}, without
 * the labels Kubernetes sets per rollout, per pod or per Job run. A policy built on those would
 * stop selecting the workload's pods after the next rollout (or select only one pod of a
 * StatefulSet).
 *
 * <p>Results are canonical: matchLabels sorted by key, matchExpressions by key, operator and
 * values, values sorted; so the same workload always gives the same selector, byte for byte.
 */
public final class StableSelectors {
  /**
   * Labels that change per rollout (pod-template-hash, controller-revision-hash,
   * pod-template-generation), per pod (StatefulSet pod name and index, Job completion index) or per
   * Job (its uid and name, which change with every CronJob run).
   */
  public static final SortedSet<String> UNSTABLE_KEYS =
      Collections.unmodifiableSortedSet(
          new TreeSet<>(
              List.of(
                  "pod-template-hash",
                  "controller-revision-hash",
                  "pod-template-generation",
                  "statefulset.kubernetes.io/pod-name",
                  "apps.kubernetes.io/pod-index",
                  "batch.kubernetes.io/controller-uid",
                  "controller-uid",
                  "batch.kubernetes.io/job-name",
                  "job-name",
                  "batch.kubernetes.io/job-completion-index")));

  private static final Comparator<LabelSelectorRequirement> EXPRESSION_ORDER =
      Comparator.comparing(LabelSelectorRequirement::getKey)
          .thenComparing(LabelSelectorRequirement::getOperator)
          .thenComparing(r -> String.join(",", r.getValues()));

  private StableSelectors() {}

  /** True for a label key that must never be part of a policy's selector. */
  public static boolean isUnstable(String key) {
    return UNSTABLE_KEYS.contains(key);
  }

  /**
   * The selector without unstable keys (in matchLabels or matchExpressions), canonical. A null
   * selector gives an empty one.
   */
  public static LabelSelector strip(LabelSelector selector) {
    Map<String, String> labels = new TreeMap<>();
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    if (selector != null) {
      if (selector.getMatchLabels() != null) {
        selector
            .getMatchLabels()
            .forEach(
                (k, v) -> {
                  if (!isUnstable(k)) {
                    labels.put(k, v);
                  }
                });
      }
      if (selector.getMatchExpressions() != null) {
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
          if (!isUnstable(r.getKey())) {
            List<String> values =
                r.getValues() == null ? new ArrayList<>() : new ArrayList<>(r.getValues());
            Collections.sort(values);
            expressions.add(
                new LabelSelectorRequirementBuilder()
                    .withKey(r.getKey())
                    .withOperator(r.getOperator())
                    .withValues(values)
                    .build());
          }
        }
      }
    }
    expressions.sort(EXPRESSION_ORDER);
    return new LabelSelector(expressions, new LinkedHashMap<>(labels));
  }

  /** A matchLabels selector of the stable labels among {@code labels}. */
  public static LabelSelector fromLabels(Map<String, String> labels) {
    return strip(new LabelSelector(List.of(), labels == null ? Map.of() : labels));
  }

  /**
   * The stable selector of a controller or a bare pod: Deployment, StatefulSet, DaemonSet and
   * ReplicaSet use their {@code spec.selector}; a ReplicationController its {@code spec.selector}
   * (labels), else its template's labels, as the API server defaults it; a Job its {@code
   * spec.selector} when one remains after removing unstable keys (an explicit, manual selector),
   * else its template's labels; a CronJob likewise with its {@code jobTemplate}; a bare Pod its own
   * labels. All without unstable keys.
   *
   * @throws IllegalArgumentException for another kind of object
   */
  public static LabelSelector of(HasMetadata object) {
    if (object instanceof Deployment d) {
      return strip(d.getSpec() == null ? null : d.getSpec().getSelector());
    }
    if (object instanceof StatefulSet s) {
      return strip(s.getSpec() == null ? null : s.getSpec().getSelector());
    }
    if (object instanceof DaemonSet d) {
      return strip(d.getSpec() == null ? null : d.getSpec().getSelector());
    }
    if (object instanceof ReplicaSet r) {
      return strip(r.getSpec() == null ? null : r.getSpec().getSelector());
    }
    if (object instanceof ReplicationController r) {
      return replicationController(r);
    }
    if (object instanceof Job j) {
      return job(j.getSpec());
    }
    if (object instanceof CronJob c) {
      return job(
          c.getSpec() == null || c.getSpec().getJobTemplate() == null
              ? null
              : c.getSpec().getJobTemplate().getSpec());
    }
    if (object instanceof Pod p) {
      return fromLabels(p.getMetadata() == null ? null : p.getMetadata().getLabels());
    }
    throw new IllegalArgumentException("not a workload controller or pod: " + object.getKind());
  }

  /** Its {@code spec.selector} (labels only), or, when empty, its template's labels. */
  private static LabelSelector replicationController(ReplicationController r) {
    if (r.getSpec() == null) {
      return strip(null);
    }
    Map<String, String> selector = r.getSpec().getSelector();
    if (selector != null && !selector.isEmpty()) {
      return fromLabels(selector);
    }
    PodTemplateSpec template = r.getSpec().getTemplate();
    ObjectMeta meta = template == null ? null : template.getMetadata();
    return fromLabels(meta == null ? null : meta.getLabels());
  }

  private static LabelSelector job(JobSpec spec) {
    if (spec == null) {
      return strip(null);
    }
    LabelSelector explicit = strip(spec.getSelector());
    if (!LabelSelectors.isEmpty(explicit)) {
      return explicit;
    }
    PodTemplateSpec template = spec.getTemplate();
    ObjectMeta meta = template == null ? null : template.getMetadata();
    return fromLabels(meta == null ? null : meta.getLabels());
  }

  /**
   * The selector in kubectl's {@code -l} syntax inside braces, for messages: {@code {app=cart, tier
   * in (api,web), !canary}}; {@code {}} for the empty selector, which selects every pod.
   */
  public static String describe(LabelSelector selector) {
    List<String> parts = new ArrayList<>();
    if (selector != null && selector.getMatchLabels() != null) {
      new TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
    }
    if (selector != null && selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String values =
            r.getValues() == null ? "" : r.getValues().stream().collect(Collectors.joining(","));
        parts.add(
            switch (r.getOperator()) {
              case "In" -> r.getKey() + " in (" + values + ")";
              case "NotIn" -> r.getKey() + " notin (" + values + ")";
              case "Exists" -> r.getKey();
              case "DoesNotExist" -> "!" + r.getKey();
              default -> r.getKey() + " " + r.getOperator() + " (" + values + ")";
            });
      }
    }
    return "{" + String.join(", ", parts) + "}";
  }
}
