package dev.netseg.infer;

import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which workloads call the Kubernetes API server, as far as their manifests tell: a workload whose
 * ServiceAccount is a subject of a RoleBinding or ClusterRoleBinding (it was granted API
 * permissions, so it uses them) and that has a token, or one that mounts a projected {@code
 * serviceAccountToken} volume of its own.
 *
 * <p>The token every pod gets by default is not evidence: nearly every pod has one and few use it.
 * A pod has no token when {@code automountServiceAccountToken: false} is on the pod, or on its
 * ServiceAccount and the pod does not override it; then a binding alone is not evidence either. The
 * projected volume the ServiceAccount admission plugin injects into live pods ({@code
 * kube-api-access-*}) is that default token, not one the workload asked for. Group subjects ({@code
 * system:serviceaccounts}) grant every account and are not evidence for any one workload.
 */
final class ApiServerUsage {
  /** The name prefix of the token volume the ServiceAccount admission plugin adds to live pods. */
  static final String ADMISSION_VOLUME_PREFIX = "kube-api-access-";

  private static final String DEFAULT_ACCOUNT = "default";

  /** Per {@code namespace/account}, the ServiceAccount's automountServiceAccountToken if set. */
  private final Map<String, Boolean> automount = new HashMap<>();

  /** Per {@code namespace/account}, the bindings that name it, described and sorted. */
  private final Map<String, Set<String>> bindings = new HashMap<>();

  ApiServerUsage(
      List<ServiceAccount> accounts,
      List<RoleBinding> roleBindings,
      List<ClusterRoleBinding> clusterRoleBindings) {
    for (ServiceAccount sa : accounts) {
      if (sa.getAutomountServiceAccountToken() != null) {
        automount.put(
            key(sa.getMetadata().getNamespace(), sa.getMetadata().getName()),
            sa.getAutomountServiceAccountToken());
      }
    }
    for (RoleBinding b : roleBindings) {
      String ns = b.getMetadata().getNamespace();
      add(
          b.getSubjects(),
          ns,
          "RoleBinding " + ns + "/" + b.getMetadata().getName() + role(b.getRoleRef()));
    }
    for (ClusterRoleBinding b : clusterRoleBindings) {
      add(
          b.getSubjects(),
          null,
          "ClusterRoleBinding " + b.getMetadata().getName() + role(b.getRoleRef()));
    }
  }

  /**
   * The evidence that the workload calls the API server, sorted; empty when its manifests give
   * none.
   */
  List<String> evidence(Workload w) {
    PodSpec spec = w.template().getSpec();
    if (spec == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String volume : projectedTokens(spec)) {
      out.add(
          Subjects.of(w.ref()) + " mounts volume " + volume + " (projected serviceAccountToken)");
    }
    String ns = w.ref().namespace();
    String account = accountOf(spec);
    if (hasDefaultToken(spec, ns, account)) {
      for (String binding : bindings.getOrDefault(key(ns, account), Set.of())) {
        out.add(binding + " binds ServiceAccount " + ns + "/" + account);
      }
    }
    return List.copyOf(out);
  }

  private void add(List<Subject> subjects, String bindingNamespace, String description) {
    if (subjects == null) {
      return;
    }
    for (Subject s : subjects) {
      if (!"ServiceAccount".equals(s.getKind()) || s.getName() == null) {
        continue;
      }
      // A RoleBinding's ServiceAccount subject without a namespace is in the binding's namespace.
      String ns =
          s.getNamespace() == null || s.getNamespace().isEmpty()
              ? bindingNamespace
              : s.getNamespace();
      if (ns != null) {
        bindings.computeIfAbsent(key(ns, s.getName()), k -> new TreeSet<>()).add(description);
      }
    }
  }

  private boolean hasDefaultToken(PodSpec spec, String ns, String account) {
    if (spec.getAutomountServiceAccountToken() != null) {
      return spec.getAutomountServiceAccountToken();
    }
    return automount.getOrDefault(key(ns, account), Boolean.TRUE);
  }

  /**
   * The projected serviceAccountToken volumes a container mounts, sorted, the default one aside.
   */
  private static Set<String> projectedTokens(PodSpec spec) {
    Set<String> mounted = new HashSet<>();
    Stream.concat(
            spec.getContainers() == null
                ? Stream.<Container>empty()
                : spec.getContainers().stream(),
            spec.getInitContainers() == null
                ? Stream.<Container>empty()
                : spec.getInitContainers().stream())
        .filter(c -> c.getVolumeMounts() != null)
        .flatMap(c -> c.getVolumeMounts().stream())
        .map(VolumeMount::getName)
        .forEach(mounted::add);
    Set<String> out = new TreeSet<>();
    for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
      if (v.getName() == null
          || v.getName().startsWith(ADMISSION_VOLUME_PREFIX)
          || !mounted.contains(v.getName())
          || v.getProjected() == null
          || v.getProjected().getSources() == null) {
        continue;
      }
      for (VolumeProjection p : v.getProjected().getSources()) {
        if (p.getServiceAccountToken() != null) {
          out.add(v.getName());
        }
      }
    }
    return out;
  }

  private static String accountOf(PodSpec spec) {
    String name = spec.getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = spec.getServiceAccount(); // the deprecated alias, still honoured by the API server
    }
    return name == null || name.isEmpty() ? DEFAULT_ACCOUNT : name;
  }

  private static String role(RoleRef ref) {
    return ref == null || ref.getName() == null
        ? ""
        : " (" + ref.getKind() + " " + ref.getName() + ")";
  }

  private static String key(String namespace, String account) {
    return namespace + "/" + account;
  }
}
