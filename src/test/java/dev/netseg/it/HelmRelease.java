package dev.netseg.it;

import com.marcnuri.helm.Helm;
import dev.netseg.deploy.HelmChart;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code helm install} of {@code charts/netseg-operator} against a real API server, as a user runs
 * it (helm-java: Helm's own install code as a library, CRDs from the chart's {@code crds/} and
 * every template). kube-apiserver runs no controllers, so nothing runs the Deployment: {@link
 * OperatorReplica} starts its pods as processes from the Deployment the API server stored.
 */
public final class HelmRelease {
  private final String name;
  private final String namespace;
  private final KubernetesClient admin;

  private HelmRelease(String name, String namespace, KubernetesClient admin) {
    this.name = name;
    this.namespace = namespace;
    this.admin = admin;
  }

  /**
   * Installs the chart as release {@code name} into {@code namespace} (created by Helm), with the
   * default values overridden by {@code valuesYaml} (empty: the defaults).
   */
  public static HelmRelease install(
      ApiServerFixture api, String name, String namespace, String valuesYaml) {
    Path values = null;
    try {
      values = Files.createTempFile(api.serverDir(), "values-" + name, ".yaml");
      Files.writeString(values, valuesYaml);
      new Helm(HelmChart.DIR)
          .install()
          .withName(name)
          .withNamespace(namespace)
          .createNamespace()
          .withKubeConfig(api.kubeconfig())
          .withValuesFile(values)
          .call();
      return new HelmRelease(name, namespace, api.admin());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the values of release " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  /** The operator's Deployment as the API server stored it. */
  public Deployment deployment() {
    return Objects.requireNonNull(
        admin.apps().deployments().inNamespace(namespace).withName(name).get(),
        () -> "release " + name + " has no Deployment " + namespace + "/" + name);
  }

  /** The ServiceAccount the operator's pods run as. */
  public String serviceAccount() {
    return deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  /** The user name the API server gives that ServiceAccount. */
  public String user() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount();
  }
}
