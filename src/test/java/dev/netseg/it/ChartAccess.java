package dev.netseg.it;

import com.marcnuri.helm.Helm;
import dev.netseg.deploy.HelmChart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operator's identity and permissions exactly as the Helm chart renders them (helm-java, no
 * Helm binary): its ServiceAccount, ClusterRole, Roles and their bindings, nothing else.
 */
record ChartAccess(String releaseNamespace, String serviceAccount, List<HasMetadata> objects) {
  private static final Set<String> KINDS =
      Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  ChartAccess {
    objects = List.copyOf(objects);
  }

  /**
   * Renders the chart as release {@code release} in {@code releaseNamespace}, watching {@code
   * watchNamespaces}.
   */
  static ChartAccess render(String release, String releaseNamespace, List<String> watchNamespaces) {
    Path values = null;
    try {
      values = Files.createTempFile("netseg-it-values", ".yaml");
      Files.writeString(values, "watchNamespaces: [" + String.join(", ", watchNamespaces) + "]\n");
      String yaml =
          new Helm(HelmChart.DIR)
              .template()
              .withName(release)
              .withNamespace(releaseNamespace)
              .withKubeVersion(KubeTestBinaries.pinnedVersion())
              .withValuesFile(values)
              .call();
      List<HasMetadata> access =
          HelmChart.parse(yaml).stream().filter(o -> KINDS.contains(o.getKind())).toList();
      String sa =
          access.stream()
              .filter(ServiceAccount.class::isInstance)
              .findFirst()
              .orElseThrow(() -> new AssertionError("the chart rendered no ServiceAccount"))
              .getMetadata()
              .getName();
      return new ChartAccess(releaseNamespace, sa, access);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (values != null) {
        values.toFile().delete();
      }
    }
  }

  /**
   * The same grants with {@code verb} taken away from every Role rule on {@code resource}: what a
   * chart that forgot one permission would install.
   */
  ChartAccess without(String resource, String verb) {
    List<HasMetadata> changed = new ArrayList<>();
    boolean removed = false;
    for (HasMetadata o : objects) {
      if (o instanceof Role role) {
        for (PolicyRule rule : role.getRules()) {
          if (rule.getResources().contains(resource) && rule.getVerbs().contains(verb)) {
            List<String> verbs = new ArrayList<>(rule.getVerbs());
            verbs.remove(verb);
            rule.setVerbs(verbs);
            removed = true;
          }
        }
      }
      changed.add(o);
    }
    if (!removed) {
      throw new AssertionError("no Role of the chart grants " + verb + " on " + resource);
    }
    return new ChartAccess(releaseNamespace, serviceAccount, changed);
  }

  /** Creates (or replaces) every object, as `kubectl apply` of the rendered chart would. */
  void apply(KubernetesClient admin) {
    for (HasMetadata o : objects) {
      o.getMetadata().setManagedFields(null);
      admin.resource(o).fieldManager("helm").forceConflicts().serverSideApply();
    }
  }
}
