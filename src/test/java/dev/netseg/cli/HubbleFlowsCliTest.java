package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Hubble flow file as a new user brings it: pods resolved by the controller Hubble names and by
 * their labels before their names; drops and audits reported; a file that teaches nothing refused;
 * warnings that quote the input, and no warnings for replies and ACKs.
 */
class HubbleFlowsCliTest {
  @TempDir Path dir;
  Path app;

  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: frontend, namespace: shop}
      spec:
        selector: {matchLabels: {app: frontend}}
        template:
          metadata: {labels: {app: frontend}}
          spec: {containers: [{name: main}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {matchLabels: {app: cart}}
        template:
          metadata: {labels: {app: cart}}
          spec: {containers: [{name: main, ports: [{containerPort: 7070}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cart, namespace: shop}
      spec: {selector: {app: cart}, ports: [{port: 7070}]}
      """;

  /** A Hubble line from a pod to {@code cart-5c7b9d8f4-qr8zt} on TCP 7070. */
  static String line(String verdict, String sourceEndpoint, String flags, String reply) {
    return ("{\"flow\":{\"time\":\"2026-11-01T10:00:00Z\",\"verdict\":\"%s\","
            + "\"IP\":{\"source\":\"10.0.0.1\",\"destination\":\"10.0.0.2\",\"ipVersion\":\"IPv4\"},"
            + "\"l4\":{\"TCP\":{\"source_port\":40000,\"destination_port\":7070,\"flags\":%s}},"
            + "\"source\":%s,"
            + "\"destination\":{\"namespace\":\"shop\",\"pod_name\":\"cart-5c7b9d8f4-qr8zt\"},"
            + "\"is_reply\":%s},\"node_name\":\"n1\",\"time\":\"2026-11-01T10:00:00Z\"}")
        .formatted(verdict, flags, sourceEndpoint, reply);
  }

  static String endpoint(String pod, String workloads, String labels) {
    return "{\"namespace\":\"shop\",\"labels\":[%s],\"pod_name\":\"%s\",\"workloads\":[%s]}"
        .formatted(labels, pod, workloads);
  }

  static String syn(String sourceEndpoint) {
    return line("FORWARDED", sourceEndpoint, "{\"SYN\":true}", "false");
  }

  @BeforeEach
  void writeApp() throws Exception {
    app = dir.resolve("app.yaml");
    Files.writeString(app, APP);
  }

  private CliRun generate(String... lines) throws Exception {
    Path flows = dir.resolve("flows.jsonl");
    Files.writeString(flows, String.join("\n", lines) + "\n");
    return CliRun.of("generate", app.toString(), "--flows", flows.toString(), "-o", "json");
  }

  static Stream<Arguments> pods() {
    String frontendToCart = "\"source\" : \"shop/frontend[Deployment]\"";
    return Stream.of(
        Arguments.of(
            "by the controller Hubble names",
            endpoint("frontend-canary", "{\"name\":\"frontend\",\"kind\":\"Deployment\"}", ""),
            frontendToCart),
        Arguments.of(
            "by labels", endpoint("frontend-canary", "", "\"k8s:app=frontend\""), frontendToCart),
        Arguments.of(
            "by the pod name", endpoint("frontend-7d9f8c6b5-x2x7q", "", ""), frontendToCart),
        Arguments.of(
            "the controller before the pod name",
            endpoint(
                "cart-7d9f8c6b5-x2x7q",
                "{\"name\":\"frontend\",\"kind\":\"Deployment\"}",
                "\"k8s:app=frontend\""),
            frontendToCart));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void podsResolveByWorkloadsThenLabelsThenName(String what, String source, String expected)
      throws Exception {
    CliRun run = generate(syn(source), syn(source));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(expected);
    assertThat(run.err()).doesNotContain("warning");
  }

  @Test
  void anUnresolvedPodSaysWhyAndQuotesTheLine() throws Exception {
    String ghost =
        syn(
            endpoint(
                "mystery",
                "{\"name\":\"ghost\",\"kind\":\"Deployment\"}",
                "\"k8s:app=ghost\",\"k8s:io.kubernetes.pod.namespace=shop\""));
    CliRun run = generate(syn(endpoint("frontend-7d9f8c6b5-x2x7q", "", "")), ghost);
    assertThat(run.exitCode()).isZero();
    assertThat(run.err().lines().filter(l -> l.startsWith("warning")).toList())
        .containsExactly(
            "warning: "
                + dir.resolve("flows.jsonl")
                + ": 1 records unresolved: pod with no known workload (UNKNOWN_POD): pod"
                + " shop/mystery: its workloads field names Deployment shop/ghost, which is not in"
                + " the input; its labels {app=ghost} match no workload's selector; its name"
                + " follows no workload's pod names (<deployment>-<hash>-<5>, <statefulset>-<n>,"
                + " <daemonset>-<5>, ...); e.g. "
                + ghost.substring(0, 300)
                + "...");
  }

  @Test
  void dropsAndAuditsAreListedAndNeverLearned() throws Exception {
    String frontend = endpoint("frontend-7d9f8c6b5-x2x7q", "", "");
    Path flows = dir.resolve("flows.jsonl");
    Files.writeString(
        flows,
        String.join(
            "\n",
            line("DROPPED", frontend, "{\"SYN\":true}", "false"),
            line("DROPPED", frontend, "{\"SYN\":true}", "false"),
            line("AUDIT", endpoint("cart-5c7b9d8f4-bcdfg", "", ""), "{\"SYN\":true}", "false")));
    CliRun text = CliRun.of("generate", app.toString(), "--flows", flows.toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.err())
        .contains("dropped or audited: 2 connections, 3 records (reported, never learned)")
        .contains(
            "  DROPPED shop/frontend[Deployment] -> shop/cart[Deployment] TCP/7070, seen 2 times"
                + " 2026-11-01T10:00:00Z .. 2026-11-01T10:00:00Z: left out of the policies")
        .contains("  AUDIT shop/cart[Deployment] -> shop/cart[Deployment] TCP/7070, seen 1 time");
    assertThat(text.out()).doesNotContain("observed:");
    CliRun json = CliRun.of("generate", app.toString(), "--flows", flows.toString(), "-o", "json");
    assertThat(json.out())
        .contains("\"droppedOrAudited\"")
        .contains("\"verdict\" : \"DROPPED\"")
        .contains("\"allowedByPolicies\" : false");
  }

  static Stream<Arguments> useless() {
    String frontend = endpoint("frontend-7d9f8c6b5-x2x7q", "", "");
    return Stream.of(
        Arguments.of(
            "every line rejected",
            List.of("not json", "{\"flow\":"),
            "no flow record could be used (2 lines: 1 rejected: not valid JSON (BAD_JSON)"),
        Arguments.of(
            "only replies and ACKs",
            List.of(
                line("FORWARDED", frontend, "{\"SYN\":true,\"ACK\":true}", "false"),
                line("FORWARDED", frontend, "{\"ACK\":true}", "false")),
            "no flow record could be used (2 lines: 1 skipped: TCP packet after the handshake (ACK"
                + " without SYN) (NOT_CONNECTION_START): ACK without SYN; e.g."),
        Arguments.of(
            "nothing resolved",
            List.of(syn(endpoint("mystery", "", ""))),
            "no flow record could be used (1 line: 1 unresolved: pod with no known workload"
                + " (UNKNOWN_POD): pod shop/mystery: its name follows no workload's pod names"),
        Arguments.of(
            "empty", List.of(""), "no flow record could be used: it holds no flow records"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("useless")
  void aFileThatTeachesNothingIsAnError(String what, List<String> lines, String message)
      throws Exception {
    CliRun run = generate(lines.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: " + dir.resolve("flows.jsonl") + ": " + message);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.out()).isEmpty();
  }

  /** A DNS answer from a CoreDNS pod, which is not in the manifests, back to the client. */
  private static final String DNS_ANSWER =
      "{\"flow\":{\"time\":\"2026-11-01T10:00:01Z\",\"verdict\":\"FORWARDED\","
          + "\"IP\":{\"source\":\"10.0.0.53\",\"destination\":\"10.0.0.1\",\"ipVersion\":\"IPv4\"},"
          + "\"l4\":{\"UDP\":{\"source_port\":53,\"destination_port\":40001}},"
          + "\"source\":{\"namespace\":\"kube-system\",\"pod_name\":\"coredns-5d78c9869d-bcdfg\"},"
          + "\"destination\":{\"namespace\":\"shop\",\"pod_name\":\"frontend-7d9f8c6b5-x2x7q\"},"
          + "\"is_reply\":true}}";

  @Test
  void repliesAcksAndDnsAnswersAreCountedNotWarnedAbout() throws Exception {
    String frontend = endpoint("frontend-7d9f8c6b5-x2x7q", "", "");
    Path flows = dir.resolve("flows.jsonl");
    Files.writeString(
        flows,
        String.join(
            "\n",
            syn(frontend),
            line("FORWARDED", frontend, "{\"SYN\":true,\"ACK\":true}", "false"),
            line("FORWARDED", frontend, "{\"ACK\":true}", "false"),
            line("FORWARDED", frontend, "{\"ACK\":true}", "true"),
            DNS_ANSWER,
            "{\"flow\": bad"));
    CliRun run = CliRun.of("generate", app.toString(), "--flows", flows.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .contains("flow records: 1 accepted, 4 skipped, 1 rejected, 0 unresolved")
        .doesNotContain("reply")
        .doesNotContain("HubbleFlow[")
        .doesNotContain("FlowRecord[");
    assertThat(run.err().lines().filter(l -> l.startsWith("warning")))
        .containsExactly(
            "warning: "
                + flows
                + ": 1 lines rejected: not valid JSON (BAD_JSON): unrecognized token 'bad' at byte"
                + " 10; e.g. {\"flow\": bad");
  }
}
