package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.operator.crd.Mode;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.crd.SegmentationProfileStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs in {@code crds/} on a real API server: they install and are served, kubectl explains
 * their fields, the API server enforces their schemas, and the status subresource and printer
 * columns behave as the operator and its users expect.
 */
@RealApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentationProfileCrdIT {
  static final Path CRDS = Path.of("crds");
  static final String GROUP = SegmentationProfile.GROUP;
  static final String API_VERSION = GROUP + "/" + SegmentationProfile.VERSION;
  static final String KIND = "SegmentationProfile";

  private final ApiServerFixture api;
  private final KubernetesClient admin;
  private List<CustomResourceDefinition> installed;
  private String ns;

  SegmentationProfileCrdIT(ApiServerFixture api) {
    this.api = api;
    this.admin = api.admin();
  }

  @BeforeAll
  void installCrds() {
    installed = api.installCrds(CRDS);
    ns = api.createNamespace("crd-it");
  }

  @Test
  void everyCrdInTheCrdsFolderIsEstablishedAndServed() throws IOException {
    long files;
    try (Stream<Path> list = Files.list(CRDS)) {
      files = list.filter(f -> f.toString().matches(".*\\.ya?ml")).count();
    }
    assertThat(installed).hasSize((int) files);
    assertThat(installed)
        .extracting(crd -> crd.getMetadata().getName())
        .contains("segmentationprofiles.netseg.dev");

    String empty = api.createNamespace("crd-served");
    for (CustomResourceDefinition crd : installed) {
      assertThat(crd.getStatus().getConditions())
          .filteredOn(c -> "True".equals(c.getStatus()))
          .extracting(c -> c.getType())
          .contains("Established", "NamesAccepted");
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        ResourceDefinitionContext context =
            new ResourceDefinitionContext.Builder()
                .withGroup(crd.getSpec().getGroup())
                .withVersion(version.getName())
                .withKind(crd.getSpec().getNames().getKind())
                .withPlural(crd.getSpec().getNames().getPlural())
                .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
                .build();
        var resources = admin.genericKubernetesResources(context);
        List<GenericKubernetesResource> items =
            "Namespaced".equals(crd.getSpec().getScope())
                ? resources.inNamespace(empty).list().getItems()
                : resources.list().getItems();
        assertThat(items)
            .as("%s %s is served", crd.getMetadata().getName(), version.getName())
            .isEmpty();
      }
    }

    String apiResources = api.kubectl("api-resources", "--api-group=" + GROUP).ok();
    assertThat(rowStartingWith(apiResources, "segmentationprofiles"))
        .containsExactly(
            "segmentationprofiles", "segprof,sgp", API_VERSION, "true", "SegmentationProfile");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spec.mode",
        "spec.learning.minimumLearningPeriod",
        "spec.allow.workload",
        "status.blockedFlowCount"
      })
  void kubectlExplainShowsTheDescriptionFromTheCrd(String field) {
    String expected = description(field);
    assertThat(expected).as("the CRD describes %s", field).isNotBlank();

    String explained = api.kubectl("explain", "segmentationprofile." + field).ok();

    assertThat(oneLine(explained)).contains("FIELD: ").contains(oneLine(expected));
  }

  @Test
  void kubectlExplainListsTheModeEnum() {
    String explained = api.kubectl("explain", "segmentationprofile.spec.mode").ok();
    assertThat(oneLine(explained)).contains("ENUM: Enforce Observe");
  }

  static Stream<Arguments> invalidProfiles() {
    return Stream.of(
        Arguments.of(
            "wrong enum for spec.mode",
            "mode: Audit",
            List.of("spec.mode: Unsupported value: \"Audit\"", "\"Enforce\", \"Observe\"")),
        Arguments.of(
            "bad pattern for spec.learning.minimumLearningPeriod",
            "learning: {minimumLearningPeriod: 3 days}",
            List.of(
                "spec.learning.minimumLearningPeriod: Invalid value: \"3 days\"",
                "should match '^([0-9]+(ms|s|m|h|d))+$'")),
        Arguments.of(
            "missing required spec.allow[0].workload",
            "allow: [{egress: [\"payments/gateway:8080\"]}]",
            List.of("spec.allow[0].workload: Required value")),
        Arguments.of(
            "bad pattern for spec.allow[0].workload",
            "allow: [{workload: Web_Frontend}]",
            List.of(
                "spec.allow[0].workload: Invalid value: \"Web_Frontend\"",
                "should match '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$'")),
        Arguments.of(
            "wrong type for spec.defaultDeny",
            "defaultDeny: \"yes\"",
            List.of("spec.defaultDeny: Invalid value: \"string\"", "must be of type boolean")),
        Arguments.of(
            "wrong enum for spec.safety.onBlockedFlow",
            "safety: {onBlockedFlow: Ignore}",
            List.of("spec.safety.onBlockedFlow: Unsupported value: \"Ignore\"")),
        Arguments.of(
            "bad pattern for spec.segmentMode",
            "segmentMode: strict",
            List.of("spec.segmentMode: Invalid value: \"strict\"")),
        Arguments.of(
            "a segment rule with both allow and deny",
            "segmentRules: [{allow: {from: a, to: b}, deny: {from: a, to: b}}]",
            List.of("spec.segmentRules[0]", "a rule has exactly one of allow or deny")),
        Arguments.of(
            "a segment rule port out of range",
            "segmentRules: [{deny: {from: a, to: b, ports: [{port: 70000}]}}]",
            List.of("spec.segmentRules[0].deny.ports[0].port: Invalid value: 70000")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidProfiles")
  void apiServerRejectsAnInvalidProfileWithTheSchemaMessage(
      String title, String spec, List<String> expectedMessages) {
    String name = "invalid-" + Math.abs(title.hashCode());
    GenericKubernetesResource profile = profile(name, spec);

    assertThatThrownBy(() -> profiles().resource(profile).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              for (String message : expectedMessages) {
                assertThat(e.getMessage()).contains(message);
              }
            });
    assertThat(profiles().withName(name).get()).as("nothing stored").isNull();
  }

  @Test
  void validProfileIsAcceptedWithTheSchemaDefaultsApplied() {
    GenericKubernetesResource created =
        profiles()
            .resource(
                profile("defaults", "learning: {}\negress: {dns: {}}\nallow: [{workload: web}]"))
            .create();

    Map<String, Object> spec = spec(created);
    assertThat(spec).containsEntry("mode", "Observe");
    assertThat(spec).containsEntry("defaultDeny", false).containsEntry("ingressOnly", false);
    assertThat(created.<String>get("spec", "learning", "minimumLearningPeriod")).isEqualTo("24h");
    assertThat(created.<String>get("spec", "learning", "retention")).isEqualTo("720h");
    assertThat(created.<List<String>>get("spec", "learning", "sources"))
        .containsExactly("Declarations", "Manifests", "ObservedFlows");
    assertThat(created.<Boolean>get("spec", "egress", "dns", "enabled")).isTrue();

    GenericKubernetesResource explicit =
        profiles()
            .resource(profile("explicit", "mode: Enforce\nlearning: {minimumLearningPeriod: 7d}"))
            .create();
    assertThat(explicit.<String>get("spec", "mode")).isEqualTo("Enforce");
    assertThat(explicit.<String>get("spec", "learning", "minimumLearningPeriod")).isEqualTo("7d");
    SegmentationProfile typed = typed().withName("explicit").get();
    assertThat(typed.getSpec().getMode()).isEqualTo(Mode.Enforce);
    assertThat(typed.getSpec().getLearning().getMinimumLearningPeriod()).isEqualTo("7d");
  }

  @Test
  void statusWritesLeaveSpecAndGenerationAloneAndSpecWritesLeaveStatusAlone() {
    SegmentationProfile created = typed().resource(typedProfile("status")).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    SegmentationProfile statusWrite = typed().withName("status").get();
    statusWrite.getSpec().setMode(Mode.Enforce);
    statusWrite.setStatus(status(3, 5, 12L, 0, "True"));
    SegmentationProfile afterStatus = typed().resource(statusWrite).updateStatus();

    assertThat(afterStatus.getStatus().getWorkloads()).isEqualTo(3);
    assertThat(afterStatus.getSpec().getMode())
        .as("spec ignored on /status")
        .isEqualTo(Mode.Observe);
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);

    SegmentationProfile specWrite = typed().withName("status").get();
    specWrite.getSpec().setMode(Mode.Enforce);
    specWrite.getStatus().setWorkloads(99);
    SegmentationProfile afterSpec = typed().resource(specWrite).update();

    assertThat(afterSpec.getSpec().getMode()).isEqualTo(Mode.Enforce);
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(afterSpec.getStatus().getWorkloads())
        .as("status ignored on the main resource")
        .isEqualTo(3);
  }

  @Test
  void kubectlGetShowsThePrinterColumns() {
    typed().resource(typedProfile("columns")).create();
    SegmentationProfile withStatus = typed().withName("columns").get();
    withStatus.setStatus(status(4, 6, 21L, 2, "False"));
    typed().resource(withStatus).updateStatus();

    for (String resource : List.of("segmentationprofiles", "sgp", "segprof")) {
      String table = api.kubectl("get", resource, "columns", "-n", ns).ok();
      Map<String, String> row = row(table);
      assertThat(row.keySet())
          .as("columns of kubectl get %s", resource)
          .containsExactly(
              "NAME", "MODE", "WORKLOADS", "POLICIES", "EDGES", "BLOCKED", "READY", "AGE");
      assertThat(row)
          .containsEntry("NAME", "columns")
          .containsEntry("MODE", "Observe")
          .containsEntry("WORKLOADS", "4")
          .containsEntry("POLICIES", "6")
          .containsEntry("EDGES", "21")
          .containsEntry("BLOCKED", "2")
          .containsEntry("READY", "False");
    }
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      profiles() {
    return admin.genericKubernetesResources(API_VERSION, KIND).inNamespace(ns);
  }

  private NonNamespaceOperation<
          SegmentationProfile,
          KubernetesResourceList<SegmentationProfile>,
          Resource<SegmentationProfile>>
      typed() {
    return admin.resources(SegmentationProfile.class).inNamespace(ns);
  }

  /** A profile as a user would write it: only the fields given (no client-side defaults). */
  private GenericKubernetesResource profile(String name, String specYaml) {
    String yaml =
        "apiVersion: "
            + API_VERSION
            + "\nkind: "
            + KIND
            + "\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + specYaml.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    return admin.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
  }

  private static SegmentationProfile typedProfile(String name) {
    SegmentationProfile profile = new SegmentationProfile();
    profile.getMetadata().setName(name);
    profile.getSpec().setMode(Mode.Observe);
    return profile;
  }

  private static SegmentationProfileStatus status(
      int workloads, int policies, long edges, int blocked, String ready) {
    SegmentationProfileStatus status = new SegmentationProfileStatus();
    status.setWorkloads(workloads);
    status.setPolicies(policies);
    status.setLearnedEdges(edges);
    status.setBlockedFlowCount(blocked);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus(ready)
                .withReason("Test")
                .withMessage("written by the test")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    return status;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  /** The description of a dotted field path (array items stepped through) in the CRD schema. */
  private String description(String path) {
    CustomResourceDefinition crd =
        installed.stream()
            .filter(c -> c.getMetadata().getName().equals("segmentationprofiles.netseg.dev"))
            .findFirst()
            .orElseThrow();
    JSONSchemaProps schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    for (String part : path.split("\\.")) {
      if (schema.getItems() != null) {
        schema = schema.getItems().getSchema();
      }
      schema = schema.getProperties().get(part);
    }
    return schema.getDescription();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  private static List<String> rowStartingWith(String table, String first) {
    return table
        .lines()
        .map(line -> Arrays.asList(line.trim().split("\\s+")))
        .filter(cells -> cells.get(0).equals(first))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + first + " in:\n" + table));
  }

  /** The header and the single row of a kubectl table; no cell here contains a space. */
  private static Map<String, String> row(String table) {
    List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as("header and one row:\n%s", table).hasSize(2);
    String[] header = lines.get(0).trim().split("\\s+");
    String[] cells = lines.get(1).trim().split("\\s+");
    assertThat(cells).as(table).hasSameSizeAs(header);
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      row.put(header[i], cells[i]);
    }
    return row;
  }
}
