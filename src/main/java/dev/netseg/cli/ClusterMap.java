package dev.netseg.cli;

import dev.netseg.flows.EdgeCodec;
import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.manifest.Manifests;
import dev.netseg.map.HeldFlow;
import dev.netseg.map.MapInput;
import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.crd.BlockedFlow;
import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.decide.DesiredCondition;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.decide.ProfileInput;
import dev.netseg.operator.decide.ProfileOutcome;
import dev.netseg.operator.learn.FlowSourceNames;
import dev.netseg.operator.learn.StoredEdges;
import dev.netseg.operator.observe.WatchedKinds;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileSettings;
import dev.netseg.operator.profile.ProfileValidator;
import dev.netseg.segment.SegmentAssignment;
import dev.netseg.segment.SegmentationException;
import dev.netseg.workload.WorkloadExtractor;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@code netseg map --profile} draws, read from the cluster as the operator reads it and
 * decided as the operator decides, without writing anything: the profile's spec (validated as the
 * operator validates it) and its sibling profiles, every object of the kinds the operator watches
 * ({@link WatchedKinds}, listed in all namespaces, as the chart's default watch does), the learned
 * edges the operator stored for the profile's namespace, and the profile's PolicyProposal. {@link
 * ProfileDecider} gives the required and refused flows; the policies judged are the proposal with
 * every policy the profile does not own ({@link Ownership#inForceOnceWritten}, as the safety gate
 * judges them); the held flows are the profile's {@code status.blockedFlows} while its {@code
 * Ready} condition says the change is held.
 */
final class ClusterMap {
  /**
   * The provenance of the flows read from stored learned edges. The operator names its configured
   * flow sources there ({@code observed: http}), which the stored edges do not record.
   */
  static final String LEARNED = "learned edges";

  /** Objects per list request, as kubectl's {@code --chunk-size} default. */
  private static final long PAGE = 500;

  private static final ResourceDefinitionContext LEARNED_EDGES =
      ClusterProfile.namespaced(
          HasMetadata.getKind(LearnedEdges.class), HasMetadata.getPlural(LearnedEdges.class));

  /**
   * Every flow source a profile may name: which ones the operator runs is not in the cluster, and
   * the choice only decides whether {@code spec.learning.flowSources} is valid.
   */
  private static final Set<String> FLOW_SOURCES =
      Set.of(FlowSourceNames.HTTP, FlowSourceNames.HUBBLE_RELAY);

  private final KubernetesClient client;
  private final String server;
  private final PrintWriter err;

  /**
   * @param server the API server's address, as errors name it
   * @param err where warnings go (a stored epoch that cannot be read, an invalid decision)
   */
  ClusterMap(KubernetesClient client, String server, PrintWriter err) {
    this.client = client;
    this.server = server;
    this.err = err;
  }

  /**
   * @throws UserError when the profile or its proposal does not exist, its spec is invalid, or a
   *     request fails (naming the request)
   */
  MapInput read(ClusterProfile.Ref ref, Instant now, Progress progress) {
    progress.stage("reading SegmentationProfile " + ref);
    KubernetesSerialization json = client.getKubernetesSerialization();
    GenericKubernetesResource stored =
        request(
            "get segmentationprofiles " + ref.name() + " in namespace " + ref.namespace(),
            () -> ClusterProfile.profile(client, ref));
    String proposalYaml =
        request(
            "get policyproposals " + ref.name() + " in namespace " + ref.namespace(),
            () -> ClusterProfile.proposalYaml(client, ref));
    SegmentationProfile profile = json.convertValue(stored, SegmentationProfile.class);
    ProfileValidator validator = new ProfileValidator(FLOW_SOURCES);
    ProfileValidator.Result validation = validator.validate(profile.getSpec());
    if (!validation.valid()) {
      throw new UserError(
          "SegmentationProfile %s is invalid, so the operator decides nothing for it: %s"
              .formatted(ref, String.join("; ", validation.problems())));
    }
    ProfileSettings settings = validation.settings().orElseThrow();
    Map<String, ProfileSettings> siblings = siblings(ref, validator, json);

    progress.stage("listing the cluster's objects");
    Manifests cluster = cluster();
    List<RequiredFlow> observed =
        StoredEdges.observed(
            learnedEdges(ref, json), ref.namespace(), settings.retention(), now, LEARNED);

    progress.stage("deciding as the operator does");
    ProfileInput input =
        ProfileInput.of(profile, settings, siblings, cluster, observed, List.of(), now);
    ProfileOutcome outcome = new ProfileDecider().decide(input);
    if (outcome.phase() == ProfileOutcome.Phase.INVALID) {
      outcome.conditions().stream()
          .filter(c -> c.type().equals(DesiredCondition.READY))
          .forEach(c -> err.println("netseg map: warning: " + ref + ": " + c.message()));
    }

    List<NetworkPolicy> proposal =
        ClusterProfile.parse(json, proposalYaml).stream()
            .filter(NetworkPolicy.class::isInstance)
            .map(NetworkPolicy.class::cast)
            .toList();
    // The safety gate's flows: those it checks, and those only a switched-off source shows.
    TreeSet<RequiredFlow> required = new TreeSet<>(outcome.required());
    required.addAll(outcome.blocked());
    Set<String> drawn = new TreeSet<>(List.of(ref.namespace()));
    required.forEach(f -> drawn.addAll(namespacesOf(f)));
    outcome.refused().forEach(d -> drawn.addAll(namespacesOf(d.flow())));
    List<NetworkPolicy> judged =
        Ownership.inForceOnceWritten(cluster.networkPolicies(), input.owner(), proposal).stream()
            .filter(p -> drawn.contains(p.getMetadata().getNamespace()))
            .toList();
    Optional<Condition> ready = condition(profile, DesiredCondition.READY);
    return new MapInput(
        "netseg map: SegmentationProfile "
            + ref
            + ready.map(c -> " (" + c.getReason() + ")").orElse(""),
        JudgedPolicies.withPolicies(within(cluster, drawn), judged),
        List.copyOf(required),
        outcome.refused(),
        held(ref, profile, outcome, ready),
        zones(settings, cluster),
        Optional.of(ref.namespace()),
        outcome.standIns());
  }

  /** The other valid profiles of the namespace, by name: the decision reads them for conflicts. */
  private Map<String, ProfileSettings> siblings(
      ClusterProfile.Ref ref, ProfileValidator validator, KubernetesSerialization json) {
    Map<String, ProfileSettings> siblings = new LinkedHashMap<>();
    for (GenericKubernetesResource p :
        request(
            "list segmentationprofiles in namespace " + ref.namespace(),
            () ->
                client
                    .genericKubernetesResources(ClusterProfile.PROFILES)
                    .inNamespace(ref.namespace())
                    .list()
                    .getItems())) {
      if (!p.getMetadata().getName().equals(ref.name())) {
        SegmentationProfile sibling = json.convertValue(p, SegmentationProfile.class);
        validator
            .validate(sibling.getSpec())
            .settings()
            .ifPresent(s -> siblings.put(p.getMetadata().getName(), s));
      }
    }
    return siblings;
  }

  /** Every Namespace and every object of the kinds the operator watches, trimmed as it trims. */
  private Manifests cluster() {
    List<HasMetadata> all = new ArrayList<>();
    request("list namespaces", () -> pages(client.namespaces()::list)).forEach(all::add);
    for (Class<? extends HasMetadata> kind : WatchedKinds.NAMESPACED) {
      all.addAll(listEverywhere(kind));
    }
    return Manifests.of(all.stream().map(WatchedKinds::trim).toList());
  }

  private <R extends HasMetadata> List<R> listEverywhere(Class<R> kind) {
    return request(
        "list " + HasMetadata.getPlural(kind) + " in all namespaces",
        () -> pages(client.resources(kind).inAnyNamespace()::list));
  }

  /** Every item of a list request, a page at a time. */
  private static <R extends HasMetadata> List<R> pages(
      Function<ListOptions, ? extends KubernetesResourceList<R>> list) {
    List<R> items = new ArrayList<>();
    String next = null;
    do {
      KubernetesResourceList<R> page =
          list.apply(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      items.addAll(page.getItems());
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return items;
  }

  /** The learned edges the operator stored for the profile's namespace (every profile there). */
  private EdgeSnapshot learnedEdges(ClusterProfile.Ref ref, KubernetesSerialization json) {
    List<LearnedEdges> objects =
        request(
                "list learnededges in namespace " + ref.namespace(),
                () ->
                    client
                        .genericKubernetesResources(LEARNED_EDGES)
                        .inNamespace(ref.namespace())
                        .withLabel(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
                        .list()
                        .getItems())
            .stream()
            .map(o -> json.convertValue(o, LearnedEdges.class))
            .toList();
    StoredEdges.Read read = StoredEdges.read(objects, new EdgeCodec());
    read.problems().forEach(p -> err.println("netseg map: warning: " + p));
    return read.edges();
  }

  /**
   * The flows the change is held for, when the profile's Ready condition says it is held: its
   * {@code status.blockedFlows} (at most {@value ProfileDecider#MAX_LISTED} are listed there) and
   * the flows this decision finds blocked, which are the same list in full.
   */
  private static List<HeldFlow> held(
      ClusterProfile.Ref ref,
      SegmentationProfile profile,
      ProfileOutcome outcome,
      Optional<Condition> ready) {
    if (ready.isEmpty() || !DesiredCondition.CHANGE_HELD.equals(ready.get().getReason())) {
      return List.of();
    }
    String hold =
        "SegmentationProfile %s: %s=%s %s since %s"
            .formatted(
                ref,
                DesiredCondition.READY,
                ready.get().getStatus(),
                DesiredCondition.CHANGE_HELD,
                ready.get().getLastTransitionTime());
    List<HeldFlow> held = new ArrayList<>();
    List<BlockedFlow> listed =
        profile.getStatus().getBlockedFlows() == null
            ? List.of()
            : profile.getStatus().getBlockedFlows();
    for (BlockedFlow b : listed) {
      if (b.getPort() != null) {
        held.add(
            new HeldFlow(
                b.getSource(),
                b.getDestination(),
                String.valueOf(b.getProtocol()).toUpperCase(Locale.ROOT),
                b.getPort(),
                hold));
      }
    }
    for (RequiredFlow f : outcome.blocked()) {
      held.add(
          new HeldFlow(
              f.source().toString(),
              f.destination().toString(),
              f.protocol().name(),
              f.port(),
              hold));
    }
    return held;
  }

  private static Optional<Condition> condition(SegmentationProfile profile, String type) {
    if (profile.getStatus() == null || profile.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return profile.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  private static Map<WorkloadRef, String> zones(ProfileSettings settings, Manifests cluster) {
    if (settings.segmentation().segments().isEmpty()) {
      return Map.of();
    }
    try {
      return SegmentAssignment.of(
              settings.segmentation(),
              new WorkloadExtractor().fromCluster(cluster),
              cluster.namespaces())
          .zones();
    } catch (SegmentationException e) {
      return Map.of(); // the decision reported it (InvalidSpec)
    }
  }

  private static List<String> namespacesOf(RequiredFlow f) {
    List<String> out = new ArrayList<>();
    for (Peer end : List.of(f.source(), f.destination())) {
      if (end instanceof Peer.WorkloadPeer w) {
        out.add(w.workload().namespace());
      }
    }
    return out;
  }

  /** The cluster-scoped objects and those of {@code namespaces}. */
  private static Manifests within(Manifests cluster, Set<String> namespaces) {
    Manifests.Builder b = Manifests.builder();
    for (HasMetadata o : cluster.allObjects()) {
      String ns = o.getMetadata().getNamespace();
      if (ns == null || namespaces.contains(ns)) {
        b.add(o);
      }
    }
    return b.build();
  }

  /** One request; a failure is one line naming the request, the server and the answer. */
  private <T> T request(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw new UserError(
          "cannot %s from %s: %s%s"
              .formatted(
                  what,
                  server,
                  ApiServerFailure.reason(e),
                  e.getCode() == 403
                      ? " (map --profile reads only: get and list on the kinds the operator"
                          + " reads, see the README's section on the operator)"
                      : ""),
          e);
    }
  }
}
