package dev.netseg.manifest;

import static dev.netseg.manifest.ManifestFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of bad input gives one line naming the file, document, object and field. */
class ManifestErrorsTest {
  @TempDir Path dir;
  ManifestFixtures fx;

  @BeforeEach
  void setUp() {
    fx = new ManifestFixtures(dir);
  }

  static final String DEPLOYMENT_HEAD =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      """;

  static String deployment(String selectorLabels, String templateLabels) {
    return DEPLOYMENT_HEAD
        + """
        spec:
          selector: {matchLabels: %s}
          template:
            metadata: {labels: %s}
            spec: {containers: [{name: main}]}
        """
            .formatted(selectorLabels, templateLabels);
  }

  static String policy(String spec) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: shop}
        spec:
        """
        + spec.indent(2);
  }

  static String podSpec(String containerFields) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: shop
        spec:
          containers:
          - name: main
        """
        + containerFields.indent(4);
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        // Syntax
        Arguments.of(
            "x.yaml",
            pod("ok", "ns") + "---\nb: c: d\n",
            "x.yaml#2: malformed YAML at line 11, column 5: mapping values are not allowed here"),
        Arguments.of(
            "x.yaml",
            "a: [1,\n",
            "x.yaml#1: malformed YAML at line 2, column 1: while parsing a flow node: expected the"
                + " node content, but found '<stream end>'"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\n\tmetadata: {}\n",
            "x.yaml#1: malformed YAML at line 3, column 1: while scanning for the next token: found"
                + " character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for"
                + " indentation)"),
        Arguments.of(
            "x.json",
            "{\"kind\": \"Pod\",}",
            "x.json#1: malformed JSON at line 1, column 16: Unexpected character ('}' (code 125)):"
                + " was expecting double-quote to start field name"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n",
            "x.yaml#1: malformed YAML at line 5: duplicate key \"name\""),
        Arguments.of(
            "x.json",
            "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"kind\": \"Pod\"}",
            "x.json#1: malformed JSON at line 2: duplicate key \"kind\""),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: *nothing\n",
            "x.yaml#1: malformed YAML at line 4: unknown alias *nothing"),
        // Shape
        Arguments.of("x.yaml", "- a\n- b\n", "x.yaml#1: document is not a mapping (found a list)"),
        Arguments.of(
            "x.yaml",
            pod("ok", "ns") + "---\njust text\n",
            "x.yaml#2: document is not a mapping (found a string)"),
        Arguments.of("x.yaml", "apiVersion: v1\nmetadata: {name: a}\n", "x.yaml#1: missing kind"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: [Pod]\n",
            "x.yaml#1: kind: expected a string, found a list"),
        Arguments.of(
            "x.yaml", "kind: Pod\nmetadata: {name: a}\n", "x.yaml#1 (Pod): missing apiVersion"),
        Arguments.of(
            "x.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {namespace: shop}\n",
            "x.yaml#1 (Deployment): missing metadata.name"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Service\nspec: {}\n",
            "x.yaml#1 (Service): missing metadata.name"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: web\n",
            "x.yaml#1 (Pod): metadata: expected a mapping, found a string"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: 7}\n",
            "x.yaml#1 (Pod): metadata.name: expected a string, found a number"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
            "x.yaml#1 (List): items: expected a list, found a mapping"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: List\nitems: [text]\n",
            "x.yaml#1.items[0]: item is not a mapping (found a string)"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: List\nitems: [{metadata: {name: a}}]\n",
            "x.yaml#1.items[0]: missing kind"),
        // Field types
        Arguments.of(
            "x.yaml",
            DEPLOYMENT_HEAD + "spec:\n  replicas: three\n",
            "x.yaml#1 (Deployment shop/web): spec.replicas (line 7): expected an integer, found the"
                + " string \"three\""),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: \"true\"}\n",
            "x.yaml#1 (Pod default/p): spec.hostNetwork (line 4): expected true or false, found the"
                + " string \"true\""),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    version: 1\n",
            "x.yaml#1 (Pod default/p): metadata.labels.version (line 6): expected a string, found"
                + " the number 1"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n"
                + "    app.kubernetes.io/version: 1.0\n",
            "x.yaml#1 (Pod default/p): metadata.labels[\"app.kubernetes.io/version\"] (line 6):"
                + " expected a string, found the number 1.0"),
        Arguments.of(
            "x.yaml",
            podSpec("env:\n- name: PORT\n  value: 8080\n"),
            "x.yaml#1 (Pod shop/p): spec.containers[0].env[0].value (line 11): expected a string,"
                + " found the number 8080"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: {name: main}\n",
            "x.yaml#1 (Pod default/p): spec.containers (line 5): expected a list, found a mapping"),
        Arguments.of(
            "x.yaml",
            podSpec("livenessProbe:\n  httpGet:\n    port: {number: 80}\n"),
            "x.yaml#1 (Pod shop/p): spec.containers[0].livenessProbe.httpGet.port (line 11):"
                + " expected an integer or a string, found a mapping"),
        Arguments.of(
            "x.yaml",
            podSpec("ports: [{containerPort: http}]\n"),
            "x.yaml#1 (Pod shop/p): spec.containers[0].ports[0].containerPort (line 9): expected an"
                + " integer, found the string \"http\""),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: \"yes\"}\n",
            "x.yaml#1 (Pod default/p): spec.hostNetwork (line 4): expected true or false, found the"
                + " string \"yes\""),
        // What the API server would reject
        Arguments.of(
            "x.yaml",
            DEPLOYMENT_HEAD + "spec:\n  template: {spec: {containers: [{name: main}]}}\n",
            "x.yaml#1 (Deployment shop/web): missing spec.selector"),
        Arguments.of(
            "x.yaml",
            DEPLOYMENT_HEAD + "spec:\n  selector: {matchLabels: {app: web}}\n",
            "x.yaml#1 (Deployment shop/web): missing spec.template"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc, namespace: shop}\n"
                + "spec:\n  selector: {app: web}\n  template:\n    metadata: {labels: {app: webb}}\n",
            "x.yaml#1 (ReplicationController shop/rc): spec.selector does not match"
                + " spec.template.metadata.labels (the controller would not own its own pods)"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc, namespace: shop}\n"
                + "spec:\n  template:\n    spec: {containers: [{name: c}]}\n",
            "x.yaml#1 (ReplicationController shop/rc): spec.selector: must not be empty (without"
                + " one, the template's labels are used, and it has none)"),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc, namespace: shop}\n"
                + "spec: {selector: {app: web}}\n",
            "x.yaml#1 (ReplicationController shop/rc): missing spec.template"),
        Arguments.of(
            "x.yaml",
            deployment("{}", "{app: web}"),
            "x.yaml#1 (Deployment shop/web): spec.selector: must not be empty"),
        Arguments.of(
            "x.yaml",
            deployment("{app: web}", "{app: webb}"),
            "x.yaml#1 (Deployment shop/web): spec.selector does not match"
                + " spec.template.metadata.labels (the controller would not own its own pods)"),
        Arguments.of(
            "x.yaml",
            DEPLOYMENT_HEAD
                + "spec:\n  selector: {matchExpressions: [{key: app, operator: Equals, values: [a]}]}\n",
            "x.yaml#1 (Deployment shop/web): spec.selector.matchExpressions[0].operator: \"Equals\""
                + " is not a valid selector operator (In, NotIn, Exists, DoesNotExist)"),
        Arguments.of(
            "x.yaml",
            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {backoffLimit: 1}\n",
            "x.yaml#1 (Job default/j): missing spec.template"),
        Arguments.of(
            "x.yaml",
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: '@daily'}\n",
            "x.yaml#1 (CronJob default/c): missing spec.jobTemplate.spec"),
        Arguments.of(
            "x.yaml",
            policy(
                "podSelector: {}\ningress:\n- from:\n  - podSelector:\n"
                    + "      matchExpressions: [{key: app, operator: Is, values: [a]}]\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.ingress[0].from[0].podSelector.matchExpressions[0]"
                + ".operator: \"Is\" is not a valid selector operator (In, NotIn, Exists,"
                + " DoesNotExist)"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {matchExpressions: [{key: app, operator: In}]}\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.podSelector.matchExpressions[0].values: must be"
                + " non-empty for operator In"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\negress:\n- to:\n  - ipBlock: {cidr: 10.0.0.0/33}\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.egress[0].to[0].ipBlock.cidr: \"10.0.0.0/33\" is"
                + " not a CIDR (like 10.0.0.0/8 or fd00::/8)"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\negress:\n- to:\n  - ipBlock: {cidr: 10.1.2.3}\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.egress[0].to[0].ipBlock.cidr: \"10.1.2.3\" is not"
                + " a CIDR (like 10.0.0.0/8 or fd00::/8)"),
        Arguments.of(
            "x.yaml",
            policy(
                "podSelector: {}\ningress:\n- from:\n"
                    + "  - ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.ingress[0].from[0].ipBlock.except[0]:"
                + " 192.168.0.0/16 must be strictly inside cidr 10.0.0.0/8"),
        Arguments.of(
            "x.yaml",
            policy(
                "podSelector: {}\ningress:\n- from:\n"
                    + "  - ipBlock: {cidr: 'fd00::/8', except: [10.0.0.0/16]}\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.ingress[0].from[0].ipBlock.except[0]:"
                + " 10.0.0.0/16 must be strictly inside cidr fd00::/8"),
        Arguments.of(
            "x.yaml",
            policy(
                "podSelector: {}\ningress:\n- from:\n"
                    + "  - {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.ingress[0].from[0]: ipBlock cannot be combined"
                + " with podSelector or namespaceSelector"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\ningress:\n- from:\n  - {}\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.ingress[0].from[0]: must set podSelector,"
                + " namespaceSelector or ipBlock"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\negress:\n- ports: [{protocol: HTTP, port: 80}]\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.egress[0].ports[0].protocol: must be TCP, UDP or"
                + " SCTP, found \"HTTP\""),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\negress:\n- ports: [{port: 8080, endPort: 80}]\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.egress[0].ports[0].endPort: must be between port"
                + " 8080 and 65535, found 80"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\negress:\n- ports: [{port: http, endPort: 90}]\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.egress[0].ports[0].endPort: needs a numeric port"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\ningress:\n- ports: [{port: HTTP_PORT}]\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.ingress[0].ports[0].port: \"HTTP_PORT\" is"
                + " neither a port number nor a port name (1-15 lower-case letters, digits and"
                + " dashes)"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\ningress:\n- ports: [{port: 70000}]\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.ingress[0].ports[0].port: must be between 1 and"
                + " 65535, found 70000"),
        Arguments.of(
            "x.yaml",
            policy("podSelector: {}\npolicyTypes: [Ingress, egress]\n"),
            "x.yaml#1 (NetworkPolicy shop/p): spec.policyTypes[1]: must be Ingress or Egress, found"
                + " \"egress\""),
        Arguments.of(
            "x.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 0}]}\n",
            "x.yaml#1 (Service default/s): spec.ports[0].port: must be between 1 and 65535, found"
                + " 0"));
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("badFiles")
  void reportsOneLineNamingFileDocumentObjectAndField(
      String file, String content, String expected) {
    fx.write(file, content);

    String message = fx.error(file);

    assertThat(message).isEqualTo(expected).doesNotContain("\n");
  }

  @Test
  void reportsAPathThatDoesNotExist() {
    assertThat(fx.error("missing.yaml"))
        .isEqualTo("missing.yaml: cannot read: no such file or directory");
    assertThat(fx.error("missing-dir/"))
        .isEqualTo("missing-dir: cannot read: no such file or directory");
  }

  @Test
  void reportsAFileThatIsNotText() throws IOException {
    Files.write(
        dir.resolve("binary.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

    assertThat(fx.error("binary.yaml")).isEqualTo("binary.yaml: cannot read: not UTF-8 text");
  }

  @Test
  void reportsADuplicateObjectNamingBothPlaces() {
    fx.write("a.yaml", deployment("{app: web}", "{app: web}"));
    fx.write("b.yaml", pod("p", "shop") + "---\n" + deployment("{app: x}", "{app: x}"));

    assertThat(fx.error("a.yaml", "b.yaml"))
        .isEqualTo("b.yaml#2 (Deployment shop/web): duplicate object, also defined at a.yaml#1");
  }

  @Test
  void reportsADuplicateWhoseNamespaceCameFromTheDefault() {
    fx.write("a.yaml", pod("p", "default") + "---\n" + pod("p", null));

    assertThat(fx.error("a.yaml"))
        .isEqualTo("a.yaml#2 (Pod default/p): duplicate object, also defined at a.yaml#1");
  }

  @Test
  void acceptsTheSameNameForDifferentKindsOrNamespaces() {
    fx.write(
        "a.yaml",
        pod("web", "shop")
            + "---\n"
            + pod("web", "other")
            + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n");

    assertThat(fx.load("a.yaml").allObjects()).hasSize(3);
  }
}
