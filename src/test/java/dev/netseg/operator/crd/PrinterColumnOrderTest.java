package dev.netseg.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterColumnOrderTest {
  private static final String CRD =
      """
      apiVersion: "apiextensions.k8s.io/v1"
      kind: "CustomResourceDefinition"
      spec:
        versions:
        - additionalPrinterColumns:
          - jsonPath: ".metadata.creationTimestamp"
            name: "Age"
            type: "date"
          - jsonPath: ".spec.mode"
            name: "Mode"
            type: "string"
          - jsonPath: ".status.workloads"
            name: "Workloads"
            type: "integer"
          name: "v1alpha1"
          served: true
      """;

  private static List<String> columns(String yaml) throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> names.add(c.get("name").asText()));
    return names;
  }

  @Test
  void putsColumnsInTheGivenOrderAndKeepsTheRest() throws Exception {
    String out = PrinterColumnOrder.reorder(CRD, List.of("Mode", "Workloads", "Age"), "crd.yml");

    assertThat(columns(out)).containsExactly("Mode", "Workloads", "Age");
    JsonNode before = new ObjectMapper(new YAMLFactory()).readTree(CRD);
    JsonNode after = new ObjectMapper(new YAMLFactory()).readTree(out);
    assertThat(after.at("/spec/versions/0/name")).isEqualTo(before.at("/spec/versions/0/name"));
    assertThat(after.at("/spec/versions/0/additionalPrinterColumns/0"))
        .isEqualTo(before.at("/spec/versions/0/additionalPrinterColumns/1"));
  }

  @Test
  void isIdempotent() throws Exception {
    List<String> order = List.of("Workloads", "Age", "Mode");
    String once = PrinterColumnOrder.reorder(CRD, order, "crd.yml");

    assertThat(PrinterColumnOrder.reorder(once, order, "crd.yml")).isEqualTo(once);
  }

  @Test
  void refusesColumnsTheClassDoesNotDeclare() {
    assertThatThrownBy(() -> PrinterColumnOrder.reorder(CRD, List.of("Mode", "Age"), "crd.yml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crd.yml")
        .hasMessageContaining("Workloads");
  }

  @Test
  void segmentationProfileDeclaresTheColumnsKubectlShows() {
    assertThat(PrinterColumnOrder.declaredOrder(SegmentationProfile.class))
        .containsExactly("Mode", "Workloads", "Policies", "Edges", "Blocked", "Ready", "Age");
  }
}
