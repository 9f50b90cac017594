package dev.netseg.it;

import static dev.netseg.testing.MapData.edge;
import static dev.netseg.testing.MapData.port;
import static dev.netseg.testing.MapData.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.cli.NetsegMain;
import dev.netseg.operator.OperatorConfig;
import dev.netseg.operator.OperatorRuntime;
import dev.netseg.operator.apply.ProposalYaml;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.BlockedFlow;
import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.LearningSource;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.learn.LearnedFlows;
import dev.netseg.testing.ProfileEdits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code netseg map --profile} against the real API server, with the operator in-process (its flow
 * endpoint on, learned edges persisted every second): the example shop and one Observe profile give
 * a map whose workloads are the shop's and those its flows reach, and whose edges within the shop
 * are those {@code netseg map examples/shop} draws (the proposal is what {@code generate} writes
 * for the shop); then a connection seen on the wire and enforced, whose evidence is switched off,
 * is drawn as held, naming the hold. The tests share one operator and run in order. This class has
 * an API server of its own (the shop's namespaces are fixed, and {@link OperatorIT} installs the
 * shop on the shared one), which it stops when done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapProfileIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final String COLLECTOR = "system:serviceaccount:monitoring:collector";
  private static final String TOKEN = "collector-token";
  private static final String EMAIL = "shop/emailservice[Deployment]";
  private static final String RECOMMENDATION = "shop/recommendation[Deployment]";

  private static final String PROFILE =
      """
      apiVersion: netseg.dev/v1alpha1
      kind: SegmentationProfile
      metadata: {name: shop, namespace: shop}
      spec:
        mode: Observe
        learning:
          sources: [Declarations, Manifests, ObservedFlows]
          minimumLearningPeriod: 0s
          retention: 720h
        ingress:
          exposure:
            sourceCidrs: ["0.0.0.0/0", "::/0"]
      """;

  private ApiServerFixture api;
  private KubernetesClient admin;
  private OperatorRuntime operator;

  @BeforeAll
  void startServerShopAndOperator() throws IOException {
    api = ApiServerFixture.start(ApiServerExtension.workRoot().resolve("map-profile"));
    admin = api.admin();
    api.installCrds(java.nio.file.Path.of("crds"));
    new ShopOnApiServer(admin).install();
    operator =
        OperatorRuntime.start(
            new OperatorConfig(
                Set.copyOf(ShopOnApiServer.NAMESPACES),
                0,
                Optional.of(
                    new OperatorConfig.FlowIngest(
                        0, Set.of(COLLECTOR), 1 << 20, Optional.empty(), Optional.empty())),
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ZERO),
            admin,
            WriteMode.SERVER_SIDE_APPLY,
            LearnedFlows.NONE,
            Clock.systemUTC(),
            token -> TOKEN.equals(token) ? Optional.of(COLLECTOR) : Optional.empty());
  }

  @AfterAll
  void stopOperatorAndServer() {
    if (operator != null) {
      operator.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  @Order(1)
  void anObserveProfilesMapIsTheShopsMapWithinItsNamespace() throws Exception {
    for (HasMetadata o : load(PROFILE)) {
      admin.resource(o).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
    await("the Observe profile's proposal")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> reason("Ready").equals("Observing") && proposal().isPresent());

    // The proposal is what generate writes for the shop.
    Map<String, NetworkPolicySpec> generated = new TreeMap<>();
    for (HasMetadata o : load(netseg("generate", "examples/shop").out())) {
      if (o instanceof NetworkPolicy p && "shop".equals(p.getMetadata().getNamespace())) {
        generated.put(p.getMetadata().getName(), p.getSpec());
      }
    }
    Map<String, NetworkPolicySpec> proposed = new TreeMap<>();
    for (HasMetadata o : load(proposal().orElseThrow())) {
      proposed.put(o.getMetadata().getName(), ((NetworkPolicy) o).getSpec());
    }
    assertThat(proposed).isNotEmpty().isEqualTo(generated);

    JsonNode cluster = data(netseg(mapProfile()));
    JsonNode manifests = data(netseg("map", "examples/shop", "--data"));

    // Nodes: the shop's workloads, and the workloads, Services and ranges its edges reach.
    Set<String> shopWorkloads = workloads(manifests, "shop");
    assertThat(shopWorkloads).hasSize(7);
    assertThat(workloads(cluster, "shop")).isEqualTo(shopWorkloads);
    assertThat(workloads(cluster, null))
        .containsExactlyInAnyOrder(
            "data/postgres[StatefulSet]",
            "data/redis-cart[Deployment]",
            "payments/paymentservice[Deployment]")
        .allMatch(w -> workloads(manifests, null).contains(w));
    assertThat(ids(cluster)).isEqualTo(ends(cluster));

    // Edges within the shop: the same ports with the same statuses.
    Map<String, Map<String, String>> inShop = ports(cluster, true);
    assertThat(inShop).isNotEmpty().isEqualTo(ports(manifests, true));
    // The shop's policies allow exactly what it needs inside it: no hole, no outage.
    assertThat(allStatuses(inShop)).containsExactly("required");

    // Edges between the shop and the rest: the same too, since the shop's own policies decide
    // them (with no policy in data or payments, their side allows everything). The manifests' map
    // also draws pairs without the shop (data -> data, payments -> data, ...), judged with the
    // policies generate would write there; the profile's map leaves them out.
    assertThat(ports(cluster, false)).isEqualTo(shopOnly(ports(manifests, false)));
    assertThat(ports(manifests, false).keySet())
        .as("pairs without the shop, drawn by the manifests' map only")
        .anyMatch(pair -> !pair.contains("shop/"));
  }

  @Test
  @Order(2)
  void aHeldChangeDrawsTheLearnedFlowItWouldBlockAsHeld() throws Exception {
    // A connection nothing declares, seen on the wire and learned through the flow endpoint.
    String line =
        ("{\"time\":\"%s\",\"src\":{\"namespace\":\"shop\",\"pod\":\"emailservice-%s-p0\"},"
                + "\"dst\":{\"namespace\":\"shop\",\"pod\":\"recommendation-%s-p0\"},"
                + "\"port\":8080}\n")
            .formatted(Instant.now(), StandInControllers.HASH, StandInControllers.HASH);
    await("the flow endpoint learns the connection (once it knows the pods)")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> post(line).contains("\"accepted\":1"));
    await("the learned edge is persisted")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(
            () ->
                !admin
                    .resources(LearnedEdges.class)
                    .inNamespace("shop")
                    .list()
                    .getItems()
                    .isEmpty());
    await("the proposal allows the learned connection")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> proposal().orElse("").contains("observed: http"));
    JsonNode observing = data(netseg(mapProfile()));
    assertThat(port(observing, EMAIL, RECOMMENDATION, "8080").get("status").asText())
        .as("the learned connection, allowed by the proposal")
        .isEqualTo("required");

    editProfile(p -> p.getSpec().setMode(dev.netseg.operator.crd.Mode.Enforce));
    await("enforced")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> reason("Ready").equals("Enforced"));

    // Observed flows stop counting: the change would take the learned connection away.
    editProfile(
        p ->
            p.getSpec()
                .getLearning()
                .setSources(List.of(LearningSource.Declarations, LearningSource.Manifests)));
    await("the change is held")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> reason("Ready").equals("ChangeHeld"));
    assertThat(condition("SafeToEnforce").map(Condition::getStatus)).contains("False");
    List<BlockedFlow> blocked = profile().getStatus().getBlockedFlows();
    assertThat(blocked)
        .anySatisfy(
            b -> {
              assertThat(b.getSource()).isEqualTo(EMAIL);
              assertThat(b.getDestination()).isEqualTo(RECOMMENDATION);
              assertThat(b.getPort()).isEqualTo(8080);
            });

    JsonNode held = data(netseg(mapProfile()));

    assertThat(held.get("title").asText()).endsWith("(ChangeHeld)");
    JsonNode edge = edge(held, EMAIL, RECOMMENDATION);
    assertThat(edge.get("status").asText()).isEqualTo("held");
    assertThat(edge.get("observed").asBoolean()).isTrue();
    JsonNode port = port(held, EMAIL, RECOMMENDATION, "8080");
    assertThat(port.get("status").asText()).isEqualTo("held");
    assertThat(port.get("provenance").toString()).contains("observed: learned edges");
    assertThat(port.get("explanation").asText())
        .startsWith(
            "held by the safety gate (SegmentationProfile shop/shop: Ready=True ChangeHeld since ")
        .contains("the proposal would block this flow in use")
        .contains("denied");
    // Every flow the status lists as blocked is drawn held.
    for (BlockedFlow b : blocked) {
      assertThat(
              port(held, b.getSource(), b.getDestination(), b.getPort().toString())
                  .get("status")
                  .asText())
          .as("%s -> %s %s", b.getSource(), b.getDestination(), b.getPort())
          .isEqualTo("held");
    }
  }

  // --- the cluster
  // --------------------------------------------------------------------------------

  private SegmentationProfile profile() {
    return admin.resources(SegmentationProfile.class).inNamespace("shop").withName("shop").get();
  }

  private void editProfile(Consumer<SegmentationProfile> change) {
    ProfileEdits.edit(admin, "shop", "shop", change);
  }

  private Optional<Condition> condition(String type) {
    SegmentationProfile p = profile();
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private String reason(String type) {
    return condition(type).map(Condition::getReason).orElse("");
  }

  /** The proposal's YAML stream, once the operator wrote it. */
  private Optional<String> proposal() {
    PolicyProposal p =
        admin.resources(PolicyProposal.class).inNamespace("shop").withName("shop").get();
    return p == null
        ? Optional.empty()
        : Optional.of(ProposalYaml.read("shop", p.getSpec().getYaml(), p.getSpec().getYamlGzip()));
  }

  private List<HasMetadata> load(String yaml) {
    return admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  private String post(String body) {
    int port = operator.flowIngestPort().orElseThrow();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/flows"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // --- the command line
  // ---------------------------------------------------------------------------

  private record Run(int exitCode, String out, String err) {}

  private String[] mapProfile() {
    return new String[] {
      "map", "--profile", "shop/shop", "--data", "--kubeconfig", api.kubeconfig().toString()
    };
  }

  private static Run netseg(String... args) {
    CommandLine cmd = NetsegMain.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static JsonNode data(Run run) throws IOException {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  // --- reading a map
  // ------------------------------------------------------------------------------

  /** The workload nodes in {@code namespace}; null: those outside the shop. */
  private static Set<String> workloads(JsonNode map, String namespace) {
    Set<String> out = new TreeSet<>();
    for (JsonNode n : map.get("nodes")) {
      String ns = n.get("namespace").asText();
      if (n.get("type").asText().equals("workload")
          && (namespace == null ? !ns.equals("shop") : ns.equals(namespace))) {
        out.add(n.get("id").asText());
      }
    }
    return out;
  }

  private static Set<String> ids(JsonNode map) {
    Set<String> out = new TreeSet<>();
    map.get("nodes").forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  /** The shop's workloads and every end of an edge: what a profile's map should have as nodes. */
  private static Set<String> ends(JsonNode map) {
    Set<String> out = new TreeSet<>(workloads(map, "shop"));
    for (JsonNode e : map.get("edges")) {
      out.add(e.get("source").asText());
      out.add(e.get("target").asText());
    }
    return out;
  }

  /**
   * For each edge, {@code source -> target}, its ports ({@code TCP 8080}) with their statuses:
   * those with both ends in the shop, or (with {@code withinShop} false) all others.
   */
  private static Map<String, Map<String, String>> ports(JsonNode map, boolean withinShop) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (JsonNode e : map.get("edges")) {
      String s = e.get("source").asText();
      String t = e.get("target").asText();
      if ((s.startsWith("shop/") && t.startsWith("shop/")) == withinShop) {
        out.put(s + " -> " + t, statuses(e));
      }
    }
    return out;
  }

  private static Map<String, Map<String, String>> shopOnly(Map<String, Map<String, String>> edges) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    edges.forEach(
        (pair, ports) -> {
          if (pair.startsWith("shop/") || pair.contains(" -> shop/")) {
            out.put(pair, ports);
          }
        });
    return out;
  }

  private static Set<String> allStatuses(Map<String, Map<String, String>> edges) {
    Set<String> out = new TreeSet<>();
    edges.values().forEach(ports -> out.addAll(ports.values()));
    return out;
  }
}
