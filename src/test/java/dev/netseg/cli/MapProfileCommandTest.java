package dev.netseg.cli;

import static dev.netseg.testing.MapData.edge;
import static dev.netseg.testing.MapData.port;
import static dev.netseg.testing.MapData.statuses;
import static dev.netseg.testing.MapData.workloadIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.flows.EdgeCodec;
import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.LearnedEdge;
import dev.netseg.manifest.Manifests;
import dev.netseg.model.Peer;
import dev.netseg.operator.MockCluster;
import dev.netseg.operator.crd.BlockedFlow;
import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.LearnedEdgesSpec;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.PolicyProposalSpec;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.crd.SegmentationProfileStatus;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.decide.ProfileInput;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileValidator;
import dev.netseg.policy.Protocol;
import dev.netseg.synth.PolicyYaml;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netseg map --profile} against the CRUD mock API server, through a kubeconfig file: the
 * errors a person meets (no profile, no proposal yet, a refused list, options that do not go with
 * it) are one line with exit code 2, and a profile's map has the decision's flows judged against
 * its stored proposal, its stored learned edges as observed flows, and its held flows.
 */
@EnableKubernetesMockClient(crud = true)
class MapProfileCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FRONTEND = "shop/frontend[Deployment]";
  private static final String CART = "shop/cart[Deployment]";

  /** frontend calls cart on 7070: its env names cart's Service. */
  private static final String APP = MockCluster.FRONTEND_CALLS_CART;

  KubernetesClient client;
  KubernetesMockServer server;
  @TempDir Path dir;
  private Path kubeconfig;

  @BeforeEach
  void kubeconfig() {
    kubeconfig = MockKubeconfig.write(dir, client);
  }

  @Test
  void aMissingProfileIsOneLineWithExitCode2() {
    CliRun run = map("--profile", "shop/nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: SegmentationProfile shop/nope not found (kubectl get segmentationprofiles -n"
                + " shop)\n");
  }

  @Test
  void aProfileWithoutProposalYetIsOneLineWithExitCode2() {
    profile("fresh");

    CliRun run = map("--profile", "shop/fresh");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: SegmentationProfile shop/fresh has no PolicyProposal yet")
        .endsWith(")\n")
        .hasLineCount(1);
  }

  @Test
  void aRefusedListIsOneLineNamingTheVerbAndResource() {
    apply(APP);
    SegmentationProfile profile = profile("shop");
    proposal("shop", proposedBy(profile));
    server
        .expect()
        .get()
        .withPath("/api/v1/configmaps?limit=500")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withReason("Forbidden")
                .withCode(403)
                .withMessage(
                    "configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\""
                        + " in API group \"\" at the cluster scope")
                .build())
        .always();

    CliRun run = map("--profile", "shop/shop", "--data");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(
            "error: cannot list configmaps in all namespaces from "
                + client.getConfiguration().getMasterUrl())
        .contains(
            ": configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API"
                + " group \"\" at the cluster scope (map --profile reads only")
        .doesNotContain("Failure executing")
        .hasLineCount(1);
  }

  @Test
  void pathsAndInputOptionsDoNotGoWithProfile() {
    CliRun both = map("examples/shop", "--profile", "shop/shop");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err())
        .isEqualTo(
            "error: PATH and --profile exclude each other: --profile draws the map from the"
                + " cluster\n");

    CliRun inputs =
        map("--profile", "shop/shop", "--flows", "examples/shop/flows.jsonl", "--default-deny");
    assertThat(inputs.exitCode()).isEqualTo(2);
    assertThat(inputs.err())
        .isEqualTo(
            "error: --flows, --default-deny cannot be used with --profile: the cluster is the"
                + " input (the profile's spec, learned edges and proposal)\n");

    for (String option : List.of("--segments", "--policies")) {
      CliRun run = map("--profile", "shop/shop", option, "examples");
      assertThat(run.exitCode()).as(option).isEqualTo(2);
      assertThat(run.err()).as(option).startsWith("error: " + option + " cannot be used with");
    }

    CliRun neither = CliRun.of("map");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err())
        .isEqualTo("error: map needs manifests (PATH...) or --profile NAMESPACE/PROFILE\n");
  }

  @Test
  void theMapJudgesTheStoredProposalAndShowsStoredLearnedEdgesAsObserved() throws Exception {
    apply(APP);
    SegmentationProfile profile = profile("shop");
    learnedEdge(profile, CART, 9090);
    proposal("shop", proposedBy(profile));

    JsonNode map = data(map("--profile", "shop/shop", "--data"));

    assertThat(map.get("title").asText()).startsWith("netseg map: SegmentationProfile shop/shop");
    assertThat(statuses(edge(map, FRONTEND, CART)))
        .containsEntry("TCP 7070", "required")
        .containsEntry("TCP 9090", "required");
    JsonNode learned = port(map, FRONTEND, CART, "9090");
    assertThat(learned.get("observed").asBoolean()).isTrue();
    assertThat(learned.get("provenance").toString()).contains("observed: learned edges");
    assertThat(workloadIds(map)).containsExactlyInAnyOrder(FRONTEND, CART);
  }

  @Test
  void aHeldChangeShowsItsBlockedFlowsAsHeldNamingTheHold() throws Exception {
    apply(APP);
    SegmentationProfile profile = profile("shop");
    // The stored proposal denies all ingress to cart: the call frontend makes would be blocked.
    PolicyProposalSpec spec = new PolicyProposalSpec();
    spec.setYaml(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: netseg-cart, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: cart}}
          policyTypes: [Ingress]
        """);
    proposal("shop", spec);
    BlockedFlow blocked = new BlockedFlow();
    blocked.setSource(FRONTEND);
    blocked.setDestination(CART);
    blocked.setProtocol("TCP");
    blocked.setPort(7070);
    blocked.setProvenance(List.of("manifest: env CART_ADDR"));
    SegmentationProfileStatus status = new SegmentationProfileStatus();
    status.setBlockedFlows(List.of(blocked));
    status.setBlockedFlowCount(1);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("ChangeHeld")
                .withMessage("change held: it would block 1 required flow(s) ...")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    profile.setStatus(status);
    client.resource(profile).updateStatus();

    JsonNode map = data(map("--profile", "shop/shop", "--data"));

    JsonNode held = port(map, FRONTEND, CART, "7070");
    assertThat(held.get("status").asText()).isEqualTo("held");
    assertThat(held.get("explanation").asText())
        .startsWith(
            "held by the safety gate (SegmentationProfile shop/shop: Ready=True ChangeHeld since"
                + " 2026-01-01T00:00:00Z): the proposal would block this flow in use; ");
    assertThat(map.get("title").asText()).endsWith("(ChangeHeld)");

    // The same status without the hold: the proposal's block is an outage, not a hold.
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Observing")
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build()));
    client.resource(profile).updateStatus();
    JsonNode observing = data(map("--profile", "shop/shop", "--data"));
    assertThat(port(observing, FRONTEND, CART, "7070").get("status").asText()).isEqualTo("outage");
  }

  // --- the cluster as the operator would leave it ------------------------------------------------

  private void apply(String yaml) {
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).create();
    }
  }

  private SegmentationProfile profile(String name) {
    SegmentationProfile p = new SegmentationProfile();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("shop")
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    return client.resource(p).create();
  }

  private void proposal(String name, PolicyProposalSpec spec) {
    PolicyProposal p = new PolicyProposal();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    spec.setProfile(name);
    p.setSpec(spec);
    client.resource(p).create();
  }

  /** What the operator would propose for the profile now (with its stored learned edges). */
  private PolicyProposalSpec proposedBy(SegmentationProfile profile) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(client.namespaces().list().getItems());
    objects.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    objects.addAll(client.services().inAnyNamespace().list().getItems());
    var settings =
        new ProfileValidator(Set.of()).validate(profile.getSpec()).settings().orElseThrow();
    Instant now = Instant.now();
    var observed =
        dev.netseg.operator.learn.StoredEdges.observed(
            stored(), "shop", settings.retention(), now, ClusterMap.LEARNED);
    var outcome =
        new ProfileDecider()
            .decide(
                ProfileInput.of(
                    profile, settings, Map.of(), Manifests.of(objects), observed, List.of(), now));
    List<NetworkPolicy> proposed = outcome.proposed();
    PolicyProposalSpec spec = new PolicyProposalSpec();
    spec.setYaml(PolicyYaml.render(proposed));
    spec.setPolicyCount(proposed.size());
    return spec;
  }

  private EdgeSnapshot stored() {
    return dev.netseg.operator.learn.StoredEdges.read(
            client.resources(LearnedEdges.class).inNamespace("shop").list().getItems(),
            new EdgeCodec())
        .edges();
  }

  /** One learned edge frontend -> {@code destination}, stored as the operator stores it. */
  private void learnedEdge(SegmentationProfile profile, String destination, int port) {
    Instant seen = Instant.now().minusSeconds(60);
    LearnedEdge edge =
        new LearnedEdge(peer(FRONTEND), peer(destination), Protocol.TCP, port, seen, seen, 3);
    List<byte[]> chunks =
        new EdgeCodec().encode(new EdgeSnapshot(List.of(edge), List.of(), List.of()));
    LearnedEdges o = new LearnedEdges();
    o.setMetadata(
        new ObjectMetaBuilder()
            .withName("shop-edges-0")
            .withNamespace("shop")
            .withLabels(
                Map.of(
                    Ownership.MANAGED_BY_LABEL,
                    Ownership.MANAGED_BY_VALUE,
                    Ownership.PROFILE_LABEL,
                    "shop"))
            .withOwnerReferences(Ownership.referenceTo(ProfileInput.ownerOf(profile)))
            .build());
    LearnedEdgesSpec spec = new LearnedEdgesSpec();
    spec.setProfile("shop");
    spec.setEpoch("1");
    spec.setChunk(0);
    spec.setChunks(chunks.size());
    spec.setData(Base64.getEncoder().encodeToString(chunks.get(0)));
    o.setSpec(spec);
    client.resource(o).create();
  }

  private static Peer peer(String id) {
    String ns = id.substring(0, id.indexOf('/'));
    String name = id.substring(id.indexOf('/') + 1, id.indexOf('['));
    String kind = id.substring(id.indexOf('[') + 1, id.length() - 1);
    return new Peer.WorkloadPeer(new WorkloadRef(ns, name, kind));
  }

  // --- running and reading the map -------------------------------------------------------------

  private CliRun map(String... args) {
    List<String> all = new ArrayList<>(List.of("map"));
    all.addAll(List.of(args));
    all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static JsonNode data(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }
}
