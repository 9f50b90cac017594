package dev.netseg.operator;

import dev.netseg.operator.apply.PolicyWriter;
import dev.netseg.operator.apply.ProposalWriter;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.crd.SegmentationProfileStatus;
import dev.netseg.operator.decide.DesiredCondition;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.decide.ProfileInput;
import dev.netseg.operator.decide.ProfileOutcome;
import dev.netseg.operator.events.EventRecorder;
import dev.netseg.operator.learn.LearnedFlows;
import dev.netseg.operator.observe.ClusterCache;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileSettings;
import dev.netseg.operator.profile.ProfileValidator;
import dev.netseg.operator.status.Conditions;
import dev.netseg.operator.status.ReconcileFailure;
import dev.netseg.operator.status.StatusBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a SegmentationProfile as a list of steps, each done by its own collaborator: validate
 * the spec, gather the cluster state, decide (pure), write policies and the proposal, emit events,
 * record status. Nothing here decides anything: {@link ProfileDecider} does.
 */
@ControllerConfiguration(name = SegmentationProfileReconciler.NAME)
public final class SegmentationProfileReconciler implements Reconciler<SegmentationProfile> {
  public static final String NAME = "segmentationprofile";

  /** Learned flows arrive continuously: look again this often even without a watch event. */
  static final Duration RESYNC = Duration.ofMinutes(2);

  /** When a profile whose retries were exhausted is reconciled again, at the latest. */
  static final Duration AFTER_EXHAUSTED_RETRIES = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(SegmentationProfileReconciler.class);

  private final ClusterCache cache;
  private final ProfileValidator validator;
  private final ProfileDecider decider;
  private final PolicyWriter policies;
  private final ProposalWriter proposals;
  private final EventRecorder events;
  private final LearnedFlows learned;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final Map<String, Optional<ProfileSettings>> siblingSettings = new ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED_SIBLINGS = 4096;

  public SegmentationProfileReconciler(
      ClusterCache cache,
      ProfileValidator validator,
      ProfileDecider decider,
      PolicyWriter policies,
      ProposalWriter proposals,
      EventRecorder events,
      LearnedFlows learned,
      OperatorMetrics metrics,
      Clock clock) {
    this.cache = cache;
    this.validator = validator;
    this.decider = decider;
    this.policies = policies;
    this.proposals = proposals;
    this.events = events;
    this.learned = learned;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, SegmentationProfile>> prepareEventSources(
      EventSourceContext<SegmentationProfile> context) {
    return cache.eventSources(context);
  }

  @Override
  public UpdateControl<SegmentationProfile> reconcile(
      SegmentationProfile profile, Context<SegmentationProfile> context) {
    Instant now = clock.instant();
    String ns = profile.getMetadata().getNamespace();
    long generation = ProfileInput.generation(profile);
    SegmentationProfileStatus previous = profile.getStatus();
    Instant learningSince = ProfileInput.learningSince(profile, now);

    ProfileValidator.Result validation = validator.validate(profile.getSpec());
    if (!validation.valid()) {
      String message = String.join("; ", validation.problems());
      events.record(profile, EventRecorder.Type.Warning, "InvalidSpec", message);
      metrics.profileReconciled(
          ns,
          profile.getMetadata().getName(),
          new ProfileGauges.Reading(ProfileOutcome.Phase.INVALID, 0, 0, 0));
      SegmentationProfileStatus status = new SegmentationProfileStatus();
      status.setObservedGeneration(generation);
      status.setLearningSince(learningSince.toString());
      status.setConditions(
          Conditions.apply(
              previous == null ? null : previous.getConditions(),
              List.of(new DesiredCondition(DesiredCondition.READY, false, "InvalidSpec", message)),
              generation,
              now));
      return statusUpdate(profile, previous, status, context);
    }
    ProfileSettings settings = validation.settings().orElseThrow();

    Map<String, ProfileSettings> siblings = new LinkedHashMap<>();
    context
        .getPrimaryCache()
        .list(ns)
        .filter(p -> !p.getMetadata().getName().equals(profile.getMetadata().getName()))
        .forEach(p -> validated(p).ifPresent(s -> siblings.put(p.getMetadata().getName(), s)));

    ProfileInput input =
        ProfileInput.of(
            profile,
            settings,
            siblings,
            cache.snapshot(),
            learned.observed(ns, settings.retention(), now),
            learned.unavailable(settings.flowSources()),
            now);
    Ownership.Owner owner = input.owner();
    ProfileOutcome outcome = metrics.timeDecision(() -> decider.decide(input));
    cache.flowsReached(profile, outcome.links());
    metrics.profileReconciled(
        ns,
        profile.getMetadata().getName(),
        new ProfileGauges.Reading(
            outcome.phase(),
            StatusBuilder.policies(outcome),
            outcome.blocked().size(),
            outcome.refused().size()));

    boolean wrote = false;
    if (outcome.write() && !outcome.plan().isNoop()) {
      PolicyWriter.Written written = policies.carryOut(outcome.plan());
      metrics.policiesWritten(written.applied().size(), written.deleted().size());
      wrote = true;
    }
    if (outcome.phase() == ProfileOutcome.Phase.HELD) {
      metrics.held();
    }
    Optional<PolicyProposal> currentProposal = cache.proposal(ns, owner.name());
    proposals
        .write(
            profile,
            owner,
            outcome.proposed(),
            outcome.blocked().size(),
            currentProposal.orElse(null),
            now)
        .ifPresent(written -> cache.proposalWritten(written, currentProposal));
    for (ProfileOutcome.Event e : outcome.events()) {
      events.record(
          profile,
          e.warning() ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
          e.reason(),
          e.message());
    }
    SegmentationProfileStatus status =
        StatusBuilder.build(
            previous,
            outcome,
            new StatusBuilder.Context(
                generation,
                now,
                learningSince,
                learned.edges(ns),
                learned.unresolvedRecords(),
                wrote,
                owner.name()));
    LOG.debug("Reconciled profile {}/{}: {}", ns, owner.name(), outcome.phase());
    return statusUpdate(profile, previous, status, context)
        .rescheduleAfter(nextLook(learned.nextExpiry(ns, settings.retention(), now), now));
  }

  /**
   * When to look again without a watch event: at the resync, or sooner, just after the next learned
   * edge stops counting, so that an allowance goes when its retention ends and not up to a resync
   * later.
   */
  static Duration nextLook(Optional<Instant> nextExpiry, Instant now) {
    return nextExpiry
        .map(at -> Duration.between(now, at).plus(EXPIRY_MARGIN))
        .filter(d -> d.compareTo(RESYNC) < 0)
        .map(d -> d.isNegative() ? EXPIRY_MARGIN : d)
        .orElse(RESYNC);
  }

  /** After an edge's expiry, so that the reconcile sees it gone. */
  static final Duration EXPIRY_MARGIN = Duration.ofMillis(100);

  /**
   * A sibling profile's settings, validated once per generation: every reconcile of every profile
   * in a namespace reads all its siblings, and the spec only changes with the generation.
   */
  private Optional<ProfileSettings> validated(SegmentationProfile p) {
    long generation = ProfileInput.generation(p);
    String key = p.getMetadata().getUid() + "/" + generation;
    Optional<ProfileSettings> cached = siblingSettings.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<ProfileSettings> settings = validator.validate(p.getSpec()).settings();
    if (siblingSettings.size() > MAX_REMEMBERED_SIBLINGS) {
      siblingSettings.clear(); // profiles come and go; a bound keeps deleted ones from piling up
    }
    siblingSettings.put(key, settings);
    return settings;
  }

  @Override
  public ErrorStatusUpdateControl<SegmentationProfile> updateErrorStatus(
      SegmentationProfile profile, Context<SegmentationProfile> context, Exception e) {
    ReconcileFailure failure = ReconcileFailure.of(e);
    if (failure.forbidden()) {
      LOG.error(
          "Reconciling profile {}/{} failed: {}",
          profile.getMetadata().getNamespace(),
          profile.getMetadata().getName(),
          failure.message());
    } else {
      LOG.warn(
          "Reconciling profile {}/{} failed: {}",
          profile.getMetadata().getNamespace(),
          profile.getMetadata().getName(),
          failure.message());
    }
    SegmentationProfileStatus status =
        profile.getStatus() == null ? new SegmentationProfileStatus() : profile.getStatus();
    long generation = ProfileInput.generation(profile);
    status.setConditions(
        Conditions.apply(
            status.getConditions(),
            List.of(
                new DesiredCondition(
                    DesiredCondition.DEGRADED, true, failure.reason(), failure.message())),
            generation,
            clock.instant()));
    profile.setStatus(status);
    unconditional(profile, context);
    return ErrorStatusUpdateControl.patchStatus(profile);
  }

  private static UpdateControl<SegmentationProfile> statusUpdate(
      SegmentationProfile profile,
      SegmentationProfileStatus previous,
      SegmentationProfileStatus status,
      Context<SegmentationProfile> context) {
    if (previous != null && StatusBuilder.same(previous, status)) {
      return UpdateControl.noUpdate();
    }
    profile.setStatus(status);
    unconditional(profile, context);
    return UpdateControl.patchStatus(profile);
  }

  /**
   * With server-side apply the status is applied without the resourceVersion read from the cache.
   * Only this operator's leader writes the status fields, each decision from the spec it read; a
   * cached copy one write behind (our own status patch not yet seen by the informer, say) would
   * otherwise make the apply fail with 409 Conflict and the whole reconcile be retried.
   */
  private static void unconditional(
      SegmentationProfile profile, Context<SegmentationProfile> context) {
    if (context
        .getControllerConfiguration()
        .getConfigurationService()
        .useSSAToPatchPrimaryResource()) {
      profile.getMetadata().setResourceVersion(null);
    }
  }
}
