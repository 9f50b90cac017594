package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What {@code helm install} prints: a Helm user has kubectl and no netseg jar, so every step is a
 * kubectl command; the learning period is said before anyone waits for policies; with flow
 * ingestion on, how to post flows.
 */
class ChartNotesTest {

  private static String notes(String values) throws IOException {
    Path file = Files.createTempFile("netseg-notes", ".yaml");
    try {
      Files.writeString(file, values);
      String output =
          new Helm(HelmChart.DIR)
              .install()
              .withName(HelmChart.RELEASE)
              .withNamespace(HelmChart.NAMESPACE)
              .withKubeVersion(HelmChart.KUBE_VERSION)
              .withValuesFile(file)
              .clientOnly()
              .dryRun()
              .call()
              .getOutput();
      return output.substring(output.indexOf("NOTES:"));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void theDefaultInstallExplainsEachStepWithKubectlAndTheLearningPeriod() throws IOException {
    String notes = notes("");

    assertThat(notes)
        .doesNotContain("java -jar")
        .contains(
            "kubectl -n <your-namespace> get policyproposal default -o jsonpath='{.spec.yaml}'")
        .contains("minimumLearningPeriod")
        .contains("24h")
        .contains("get lease netseg-operator")
        .doesNotContain("/api/v1/flows");
  }

  @Test
  void withFlowIngestionItSaysHowToPostFlows() throws IOException {
    String notes =
        notes(
            """
            flowIngestion:
              enabled: true
              allowed: [system:serviceaccount:monitoring:flow-exporter]
            """);

    assertThat(notes)
        .contains("system:serviceaccount:monitoring:flow-exporter")
        .contains("kubectl -n <collector-namespace> create token")
        .contains("http://netseg-operator-flows.netseg-system.svc:8443/api/v1/flows");
  }

  @Test
  void withWatchedNamespacesItSaysWhatHappensToProfilesElsewhere() throws IOException {
    assertThat(notes("watchNamespaces: [shop, payments]\n"))
        .contains("It watches only: shop, payments")
        .contains("gets no status and no policies");
  }
}
