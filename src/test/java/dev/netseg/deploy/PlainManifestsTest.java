package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/operator.yaml} installs what {@code helm install} installs with default values into
 * netseg-system: the namespace, the chart's CRDs (as Helm installs them: every file of the chart's
 * crds/, in name order) and the rendered templates.
 *
 * <p>Regenerate with {@code scripts/render-deploy} (this test with {@code
 * -Dnetseg.regenerate=true}).
 */
class PlainManifestsTest {
  static final Path FILE = Path.of("deploy", "operator.yaml");

  static final String HEADER =
      """
      # netseg operator: plain manifests, equal to `helm install netseg-operator
      # charts/netseg-operator --namespace netseg-system --create-namespace` with default values.
      # Generated: do not edit. Regenerate with scripts/render-deploy (PlainManifestsTest checks it).
      #
      #   kubectl apply --server-side -f deploy/operator.yaml
      """;

  static final String NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: %s
        labels:
          app.kubernetes.io/part-of: netseg
          # the operator pods meet the restricted Pod Security Standard
          pod-security.kubernetes.io/enforce: restricted
      """
          .formatted(HelmChart.NAMESPACE);

  /** The manifest as it should be now. */
  static String render() {
    StringBuilder out = new StringBuilder(HEADER).append("---\n").append(NAMESPACE);
    for (Path crd : HelmChart.crdFiles()) {
      try {
        String text = Files.readString(crd);
        out.append("---\n# Source: netseg-operator/crds/").append(crd.getFileName()).append('\n');
        out.append(text.startsWith("---\n") ? text.substring(4) : text);
        if (!text.endsWith("\n")) {
          out.append('\n');
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String templates = HelmChart.template("{}");
    out.append(templates.startsWith("---") ? "" : "---\n").append(templates.strip()).append('\n');
    return out.toString();
  }

  @Test
  void plainManifestsEqualTheChartWithDefaultValues() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("netseg.regenerate")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, expected);
    }
    assertThat(FILE).as("%s is missing: run scripts/render-deploy", FILE).exists();
    List<JsonNode> actual = HelmChart.documents(Files.readString(FILE));

    // Compared as objects, so formatting and comments do not matter, order does.
    assertThat(actual)
        .as("%s is stale: run scripts/render-deploy", FILE)
        .isEqualTo(HelmChart.documents(expected));
  }

  @Test
  void plainManifestsStartWithNamespaceAndCrdsThenTheOperator() throws IOException {
    List<HasMetadata> objects = HelmChart.parse(Files.readString(FILE));

    assertThat(objects.get(0)).isInstanceOf(Namespace.class);
    int crds = HelmChart.crdFiles().size();
    assertThat(objects.subList(1, 1 + crds)).allMatch(CustomResourceDefinition.class::isInstance);
    assertThat(objects.subList(1 + crds, objects.size()))
        .noneMatch(CustomResourceDefinition.class::isInstance)
        .allSatisfy(
            o -> {
              String ns = o.getMetadata().getNamespace();
              assertThat(ns == null || ns.equals(HelmChart.NAMESPACE))
                  .as("%s/%s in namespace %s", o.getKind(), o.getMetadata().getName(), ns)
                  .isTrue();
            })
        .extracting(HasMetadata::getKind)
        .contains("Deployment", "ServiceAccount", "ClusterRole", "NetworkPolicy");
  }
}
