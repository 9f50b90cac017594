package dev.netseg.operator.decide;

import dev.netseg.infer.AllowRule;
import dev.netseg.infer.Finding;
import dev.netseg.infer.FlowInference;
import dev.netseg.infer.InferenceInput;
import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.crd.LearningSource;
import dev.netseg.operator.crd.Mode;
import dev.netseg.operator.crd.OnBlockedFlow;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.plan.PolicyPlan;
import dev.netseg.operator.plan.PolicyPlanner;
import dev.netseg.operator.plan.WidenOnly;
import dev.netseg.operator.profile.ProfileConflicts;
import dev.netseg.operator.profile.ProfileScope;
import dev.netseg.operator.profile.ProfileSettings;
import dev.netseg.operator.profile.WorkloadNameWarnings;
import dev.netseg.segment.FlowDecision;
import dev.netseg.segment.SegmentationException;
import dev.netseg.segment.SegmentedGenerator;
import dev.netseg.segment.SegmentedResult;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.synth.StandIns;
import dev.netseg.verify.FlowVerifier;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadExtractor;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides, for one profile, which policies it wants, whether they may be written now, and what to
 * report. Pure: the reconciler gathers a {@link ProfileInput} from its caches and carries out the
 * {@link ProfileOutcome}; every rule of the operator's behaviour is tested here without a cluster.
 *
 * <p>The order of the steps is the order of the checks a careful person would make: who do I govern
 * (scope, conflicts), what do they need (generation), would the result break anything (safety
 * gate), do I know enough to take anything away (learning period, flow sources), and only then what
 * to write.
 */
public final class ProfileDecider {
  /** At most this many blocked flows are listed in status and events. */
  public static final int MAX_LISTED = 20;

  private final PolicyPlanner planner = new PolicyPlanner();

  public ProfileOutcome decide(ProfileInput in) {
    ProfileSettings settings = in.settings();
    String ns = in.namespace();
    List<Workload> workloads = new WorkloadExtractor().fromCluster(in.cluster());

    Map<String, ProfileSettings> profiles = new LinkedHashMap<>(in.siblings());
    profiles.put(in.owner().name(), settings);
    List<Workload> local = workloads.stream().filter(w -> w.ref().namespace().equals(ns)).toList();
    ProfileConflicts conflicts = ProfileConflicts.find(ns, profiles, local);
    Predicate<Workload> governs =
        w -> ProfileScope.governs(ns, settings, w) && !conflicts.isContested(w.ref());
    int governed = (int) local.stream().filter(governs).count();

    List<String> invalid = new ArrayList<>();
    List<AllowRule> allowRules = settings.allow().stream().map(a -> a.rule(ns)).toList();
    // A source that is switched off is taken out of what inference reads, so that the
    // inference code stays the one the CLI runs: no declarations, no references in manifests.
    boolean declarations = settings.learnsFrom(LearningSource.Declarations);
    boolean manifests = settings.learnsFrom(LearningSource.Manifests);
    List<Workload> inferenceWorkloads =
        declarations && manifests
            ? workloads
            : workloads.stream().map(w -> forInference(w, declarations, manifests)).toList();
    List<HasMetadata> objects =
        manifests
            ? in.cluster().allObjects()
            : in.cluster().allObjects().stream().filter(o -> !(o instanceof ConfigMap)).toList();
    List<RequiredFlow> observed =
        settings.learnsFrom(LearningSource.ObservedFlows) ? in.observed() : List.of();
    InferenceInput input = InferenceInput.of(inferenceWorkloads, objects, observed, allowRules);
    Generator generator = new Generator(options(settings, ns, in.owner().name()));
    GenerationResult result;
    List<FlowDecision> refused = List.of();
    try {
      SegmentedResult segmented =
          new SegmentedGenerator(generator, settings.segmentation()).generate(input, governs);
      result = segmented.generation();
      refused = segmented.refused().stream().filter(d -> touches(d.flow(), ns)).toList();
    } catch (SegmentationException e) {
      invalid.add("spec.segments: " + e.getMessage());
      result = generator.generate(input, governs);
    }
    if (result.hasErrors()) {
      result.findings().stream()
          .filter(f -> f.severity() == Finding.Severity.ERROR)
          .forEach(f -> invalid.add(f.subject() + ": " + f.message()));
    }
    Map<String, Integer> links = links(result.flows(), ns);
    List<NetworkPolicy> proposed =
        result.networkPolicies().stream()
            .filter(p -> ns.equals(p.getMetadata().getNamespace()))
            .toList();
    List<String> unresolved =
        result.findings().stream()
            .filter(f -> f.severity() != Finding.Severity.ERROR)
            .map(f -> f.subject() + ": " + f.message())
            .toList();

    List<DesiredCondition> conditions = new ArrayList<>();
    List<ProfileOutcome.Event> events = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    conflicts
        .of(in.owner().name())
        .forEach(
            (ref, others) ->
                degraded.add(
                    "%s is also governed by profile %s: no policy is written for it"
                        .formatted(ref, String.join(", ", others))));

    List<NetworkPolicy> existing =
        in.cluster().networkPolicies().stream()
            .filter(p -> ns.equals(p.getMetadata().getNamespace()))
            .toList();
    List<RequiredFlow> relevant = result.flows().stream().filter(f -> touches(f, ns)).toList();
    if (!invalid.isEmpty()) {
      String message = String.join("; ", invalid);
      conditions.add(new DesiredCondition(DesiredCondition.READY, false, "InvalidSpec", message));
      events.add(new ProfileOutcome.Event(true, "InvalidSpec", message));
      addDegraded(conditions, degraded, in.knowledge());
      return new ProfileOutcome(
          ProfileOutcome.Phase.INVALID,
          proposed,
          emptyPlan(),
          false,
          relevant,
          List.of(),
          governed,
          unresolved,
          conditions,
          events,
          List.of(),
          links,
          owned(existing, in.owner()),
          List.of(),
          StandIns.pods(result.selectorPeers()));
    }

    if (!refused.isEmpty()) {
      FlowDecision first = refused.get(0);
      events.add(
          new ProfileOutcome.Event(
              true,
              "RefusedFlows",
              "%d required flow(s) refused by segments and not allowed, e.g. %s (%s; %s)"
                  .formatted(
                      refused.size(),
                      describe(first.flow()),
                      first.reason(),
                      first.flow().provenance().stream()
                          .map(Object::toString)
                          .collect(Collectors.joining(", ")))));
    }

    // The safety gate: every required flow touching this namespace, against the complete set
    // that would result (the policies netseg does not own stay; this profile's are replaced).
    Map<WorkloadRef, Pod> standIns = StandIns.pods(result.selectorPeers());
    FlowVerifier gate = new FlowVerifier(in.cluster().namespaces(), workloads, standIns);
    List<NetworkPolicy> resulting =
        Ownership.inForceOnceWritten(in.cluster().networkPolicies(), in.owner(), proposed);
    List<RequiredFlow> blockedAfter = new ArrayList<>(flowsOf(gate.blocked(relevant, resulting)));
    // Switching a learning source off removes evidence, a change like any other: a connection
    // that only the switched-off source shows, and that flows today, is blocked by this change.
    if (!(declarations && manifests && settings.learnsFrom(LearningSource.ObservedFlows))) {
      List<RequiredFlow> unheard =
          switchedOffEvidence(generator, workloads, in, allowRules, relevant, refused, ns);
      List<RequiredFlow> cut = flowsOf(gate.blocked(unheard, resulting));
      if (!cut.isEmpty()) {
        Set<RequiredFlow> cutAlready =
            new HashSet<>(flowsOf(gate.blocked(cut, in.cluster().networkPolicies())));
        cut.stream().filter(f -> !cutAlready.contains(f)).forEach(blockedAfter::add);
      }
    }
    // Only a flow the new set blocks can be newly blocked, so the policies in place are asked
    // about those alone (usually none: then the engine is not built a second time).
    Set<RequiredFlow> blockedNow =
        blockedAfter.isEmpty()
            ? Set.of()
            : new HashSet<>(flowsOf(gate.blocked(blockedAfter, in.cluster().networkPolicies())));
    List<RequiredFlow> newlyBlocked =
        blockedAfter.stream().filter(f -> !blockedNow.contains(f)).toList();

    boolean learning =
        settings.learnsFrom(LearningSource.ObservedFlows)
            && in.now()
                .isBefore(in.knowledge().learningSince().plus(settings.minimumLearningPeriod()));
    Instant learnedAt = in.knowledge().learningSince().plus(settings.minimumLearningPeriod());
    conditions.add(
        learning
            ? new DesiredCondition(
                DesiredCondition.LEARNING,
                true,
                "LearningPeriod",
                "learning observed flows until " + learnedAt + " before the first enforcement")
            : new DesiredCondition(
                DesiredCondition.LEARNING,
                false,
                "LearningComplete",
                "the learning period has passed"));
    conditions.add(
        blockedAfter.isEmpty()
            ? new DesiredCondition(
                DesiredCondition.SAFE_TO_ENFORCE,
                true,
                "NoBlockedFlows",
                "the proposed policies allow all %d required flows".formatted(relevant.size()))
            : new DesiredCondition(
                DesiredCondition.SAFE_TO_ENFORCE,
                false,
                "BlockedFlows",
                "the proposed policies would block %d required flow(s), e.g. %s"
                    .formatted(blockedAfter.size(), describe(blockedAfter.get(0)))));

    ProfileOutcome.Phase phase;
    PolicyPlan plan;
    boolean write = false;
    if (settings.mode() == Mode.Observe) {
      phase = ProfileOutcome.Phase.OBSERVING;
      plan = planner.plan(in.owner(), proposed, existing);
      conditions.add(
          new DesiredCondition(
              DesiredCondition.READY,
              true,
              "Observing",
              "Observe mode: %d policies proposed, none written".formatted(proposed.size())));
    } else if (learning) {
      phase = ProfileOutcome.Phase.LEARNING;
      plan = planner.plan(in.owner(), proposed, existing);
      // Not Ready: nothing is enforced yet, and a person waiting for policies must see why.
      conditions.add(
          new DesiredCondition(
              DesiredCondition.READY,
              false,
              "Learning",
              ("Enforce mode: nothing is enforced before %s, the end of the learning period"
                      + " (spec.learning.minimumLearningPeriod); %d policies proposed, see kubectl"
                      + " -n %s get policyproposal %s -o yaml")
                  .formatted(learnedAt, proposed.size(), ns, in.owner().name())));
    } else if (!newlyBlocked.isEmpty() && settings.onBlockedFlow() == OnBlockedFlow.Hold) {
      phase = ProfileOutcome.Phase.HELD;
      plan = emptyPlan();
      String message =
          "change held: it would block %d required flow(s) that flow today, e.g. %s; the last"
                  .formatted(newlyBlocked.size(), describe(newlyBlocked.get(0)))
              + " applied policies stay in place";
      conditions.add(
          new DesiredCondition(
              DesiredCondition.READY, true, DesiredCondition.CHANGE_HELD, message));
      events.add(new ProfileOutcome.Event(true, DesiredCondition.CHANGE_HELD, message));
    } else {
      phase = ProfileOutcome.Phase.ENFORCING;
      List<NetworkPolicy> target = proposed;
      if (!in.knowledge().unavailableSources().isEmpty()) {
        List<NetworkPolicy> applied =
            existing.stream().filter(p -> Ownership.isOwnedBy(p, in.owner())).toList();
        WidenOnly.Result widened = WidenOnly.merge(applied, proposed);
        target = widened.policies();
        if (!widened.heldBack().isEmpty()) {
          degraded.add(
              "only adding allowances while flow sources are down; held back: "
                  + String.join(", ", widened.heldBack()));
        }
      }
      plan = planner.plan(in.owner(), target, existing);
      write = true;
      if (!newlyBlocked.isEmpty()) {
        events.add(
            new ProfileOutcome.Event(
                true,
                "AppliedDespiteBlockedFlows",
                "safety.onBlockedFlow is Apply: applied although %d required flow(s) will be"
                        .formatted(newlyBlocked.size())
                    + " blocked, e.g. "
                    + describe(newlyBlocked.get(0))));
      }
      conditions.add(
          new DesiredCondition(
              DesiredCondition.READY,
              true,
              "Enforced",
              "%d policies enforced".formatted(plan.apply().size() + plan.unchanged().size())));
      if (!plan.isNoop()) {
        events.add(
            new ProfileOutcome.Event(
                false,
                "PoliciesApplied",
                "applied %s; deleted %s"
                    .formatted(
                        names(plan.apply()).isEmpty() ? "none" : names(plan.apply()),
                        names(plan.delete()).isEmpty() ? "none" : names(plan.delete()))));
      }
    }
    if (!plan.clashes().isEmpty()) {
      String clash =
          plan.clashes().stream()
              .map(c -> "NetworkPolicy %s/%s exists and is %s".formatted(ns, c.name(), c.owner()))
              .collect(Collectors.joining("; "));
      degraded.add(clash + ": netseg leaves it alone and writes no policy under that name");
      events.add(new ProfileOutcome.Event(true, "PolicyNameClash", clash));
    }
    conflicts
        .of(in.owner().name())
        .forEach(
            (ref, others) ->
                events.add(
                    new ProfileOutcome.Event(
                        true,
                        "ProfileConflict",
                        ref + " is also governed by profile " + String.join(", ", others))));
    addDegraded(conditions, degraded, in.knowledge());
    return new ProfileOutcome(
        phase,
        proposed,
        plan,
        write,
        relevant,
        blockedAfter,
        governed,
        unresolved,
        conditions,
        events,
        refused,
        links,
        write ? written(plan) : owned(existing, in.owner()),
        WorkloadNameWarnings.of(settings, ns, local),
        standIns);
  }

  /** The names of the policies the profile owns once {@code plan} is carried out. */
  private static List<String> written(PolicyPlan plan) {
    java.util.TreeSet<String> names = new java.util.TreeSet<>(plan.unchanged());
    plan.apply().forEach(p -> names.add(p.getMetadata().getName()));
    return List.copyOf(names);
  }

  /** The names of the policies in the namespace that the profile owns now. */
  private static List<String> owned(List<NetworkPolicy> existing, Ownership.Owner owner) {
    return existing.stream()
        .filter(p -> Ownership.isOwnedBy(p, owner))
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  /**
   * The other namespaces that the required flows touching {@code ns} reach, each with a fingerprint
   * of the flows they share (source, destination, protocol and port): the profiles there decide on
   * the same flows and must look again when it changes.
   */
  static Map<String, Integer> links(List<RequiredFlow> flows, String ns) {
    Map<String, List<String>> shared = new java.util.TreeMap<>();
    for (RequiredFlow f : flows) {
      if (!touches(f, ns)) {
        continue;
      }
      for (Peer end : List.of(f.source(), f.destination())) {
        if (end instanceof Peer.WorkloadPeer w && !w.workload().namespace().equals(ns)) {
          shared
              .computeIfAbsent(w.workload().namespace(), k -> new ArrayList<>())
              .add(f.toString());
        }
      }
    }
    Map<String, Integer> links = new java.util.TreeMap<>();
    shared.forEach(
        (partner, described) -> {
          java.util.Collections.sort(described);
          links.put(partner, described.hashCode());
        });
    return links;
  }

  /**
   * The flows touching {@code ns} that the evidence of every source shows but the profile's sources
   * do not (nor do its segments refuse them): what switching a source off takes away.
   */
  private static List<RequiredFlow> switchedOffEvidence(
      Generator generator,
      List<Workload> workloads,
      ProfileInput in,
      List<AllowRule> allowRules,
      List<RequiredFlow> required,
      List<FlowDecision> refused,
      String ns) {
    // Compared by ends, protocol and port (RequiredFlow's order), not by evidence.
    Set<RequiredFlow> known = new java.util.TreeSet<>(required);
    refused.forEach(d -> known.add(d.flow()));
    return new FlowInference(generator.options().inference())
            .infer(
                InferenceInput.of(workloads, in.cluster().allObjects(), in.observed(), allowRules))
            .flows()
            .stream()
            .filter(f -> touches(f, ns) && !known.contains(f))
            .toList();
  }

  private static void addDegraded(
      List<DesiredCondition> conditions, List<String> problems, Knowledge knowledge) {
    List<String> all = new ArrayList<>(problems);
    knowledge.unavailableSources().forEach(s -> all.add("flow source unavailable: " + s));
    conditions.add(
        all.isEmpty()
            ? new DesiredCondition(DesiredCondition.DEGRADED, false, "AsExpected", "no problems")
            : new DesiredCondition(
                DesiredCondition.DEGRADED,
                true,
                reasonOf(problems, knowledge),
                String.join("; ", all)));
  }

  private static String reasonOf(List<String> problems, Knowledge knowledge) {
    if (problems.stream().anyMatch(p -> p.contains("also governed by profile"))) {
      return "ProfileConflict";
    }
    if (problems.stream().anyMatch(p -> p.contains("NetworkPolicy"))) {
      return "PolicyNameClash";
    }
    return knowledge.unavailableSources().isEmpty() ? "Degraded" : "FlowSourceUnavailable";
  }

  static GeneratorOptions options(ProfileSettings s, String namespace, String profile) {
    GeneratorOptions.Builder b =
        GeneratorOptions.builder()
            .defaultDeny(s.defaultDeny())
            .ingressOnly(s.ingressOnly())
            .dns(s.dnsEnabled())
            .apiServerPorts(s.apiServerPorts())
            .apiServerClients(s.apiServerClients(namespace))
            .apiServerCidrs(s.apiServerCidrs().stream().map(Object::toString).toList())
            .exposureCidrs(s.exposureCidrs().stream().map(Object::toString).toList())
            .extraEgress(s.allowedCidrs().stream().map(Object::toString).toList())
            .profile(profile);
    s.nodeLocalDns().ifPresent(a -> b.nodeLocalDns(a.toCanonicalString()));
    s.ingressControllerNamespace()
        .ifPresent(
            n ->
                b.ingressController(
                    n,
                    s.ingressControllerPodSelector()
                        .orElse(new io.fabric8.kubernetes.api.model.LabelSelector())));
    return b.build();
  }

  /**
   * The workload as inference should see it: without {@code netseg.dev/} annotations when
   * declarations are off, without the fields manifest inference reads (env, envFrom, command, args,
   * volumes) when manifests are off. Ports and labels, which policies need, stay.
   */
  private static Workload forInference(Workload w, boolean declarations, boolean manifests) {
    io.fabric8.kubernetes.api.model.PodBuilder template =
        new io.fabric8.kubernetes.api.model.PodBuilder(w.template());
    if (!declarations) {
      template.withMetadata(strip(w.template().getMetadata()));
    }
    if (!manifests && w.template().getSpec() != null) {
      template
          .editSpec()
          .withContainers(withoutReferences(w.template().getSpec().getContainers()))
          .withInitContainers(withoutReferences(w.template().getSpec().getInitContainers()))
          .withVolumes(List.of())
          .endSpec();
    }
    return new Workload(
        w.ref(),
        declarations ? w.metadata() : strip(w.metadata()),
        w.selector(),
        template.build(),
        w.pods());
  }

  private static List<Container> withoutReferences(List<Container> containers) {
    if (containers == null) {
      return null;
    }
    return containers.stream()
        .map(
            c ->
                new ContainerBuilder(c)
                    .withEnv(List.of())
                    .withEnvFrom(List.of())
                    .withCommand(List.of())
                    .withArgs(List.of())
                    .build())
        .toList();
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta strip(
      io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    var copy = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(meta).build();
    if (copy.getAnnotations() != null) {
      Map<String, String> kept = new LinkedHashMap<>(copy.getAnnotations());
      kept.keySet().removeIf(k -> k.startsWith("netseg.dev/"));
      copy.setAnnotations(kept);
    }
    return copy;
  }

  private static boolean touches(RequiredFlow f, String ns) {
    return inNamespace(f.source(), ns) || inNamespace(f.destination(), ns);
  }

  private static boolean inNamespace(Peer p, String ns) {
    return p instanceof Peer.WorkloadPeer w && w.workload().namespace().equals(ns);
  }

  static String describe(RequiredFlow f) {
    return f
        + " ("
        + f.provenance().stream().map(Object::toString).collect(Collectors.joining("; "))
        + ")";
  }

  private static List<RequiredFlow> flowsOf(List<FlowVerifier.Blocked> blocked) {
    return blocked.stream().map(FlowVerifier.Blocked::flow).toList();
  }

  private static String names(List<NetworkPolicy> policies) {
    return policies.stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", "));
  }

  private static PolicyPlan emptyPlan() {
    return new PolicyPlan(List.of(), List.of(), List.of(), List.of());
  }
}
