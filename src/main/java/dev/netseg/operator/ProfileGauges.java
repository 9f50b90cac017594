package dev.netseg.operator;

import dev.netseg.operator.decide.ProfileOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The four gauges each profile has on {@code /metrics}, labelled {@code namespace} and {@code
 * profile}, as of its last reconcile: {@code netseg_profile_policies}, {@code
 * netseg_blocked_flows}, {@code netseg_refused_flows} and {@code netseg_profile_phase} (1, with the
 * phase as a label). They are what a dashboard of profiles needs; reconcile counts and durations
 * are per controller, not per profile. A deleted profile's gauges are removed ({@link #remove}), so
 * the series a scrape holds follow the profiles that exist.
 */
final class ProfileGauges {
  /** What a profile's gauges show: its status's counts and its phase. */
  record Reading(ProfileOutcome.Phase phase, int policies, int blockedFlows, int refusedFlows) {}

  private record Profile(String namespace, String name) {}

  /** One profile's gauges and the values they read; changed only inside the map's compute. */
  private static final class Gauges {
    final AtomicInteger policies = new AtomicInteger();
    final AtomicInteger blocked = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final List<Gauge> counts = new ArrayList<>();
    ProfileOutcome.Phase phase;
    Gauge phaseGauge;
  }

  private final MeterRegistry registry;
  private final Map<Profile, Gauges> byProfile = new ConcurrentHashMap<>();

  ProfileGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  void set(String namespace, String name, Reading reading) {
    byProfile.compute(
        new Profile(namespace, name),
        (profile, current) -> {
          Gauges gauges = current == null ? register(profile) : current;
          if (gauges.phase != reading.phase()) {
            if (gauges.phaseGauge != null) {
              registry.remove(gauges.phaseGauge);
            }
            gauges.phase = reading.phase();
            gauges.phaseGauge = phaseGauge(profile, reading.phase());
          }
          gauges.policies.set(reading.policies());
          gauges.blocked.set(reading.blockedFlows());
          gauges.refused.set(reading.refusedFlows());
          return gauges;
        });
  }

  /** Removes the gauges of a profile that no longer exists. */
  void remove(String namespace, String name) {
    byProfile.computeIfPresent(
        new Profile(namespace, name),
        (profile, gauges) -> {
          gauges.counts.forEach(registry::remove);
          registry.remove(gauges.phaseGauge);
          return null;
        });
  }

  private Gauges register(Profile profile) {
    Gauges gauges = new Gauges();
    gauges.counts.add(
        gauge(
            "netseg.profile.policies",
            "NetworkPolicies the profile proposes (status.policies; in phase enforcing, in place)",
            profile,
            gauges.policies));
    gauges.counts.add(
        gauge(
            "netseg.blocked.flows",
            "Required flows the proposed policies would block",
            profile,
            gauges.blocked));
    gauges.counts.add(
        gauge(
            "netseg.refused.flows",
            "Required flows the profile's segments refuse (never allowed)",
            profile,
            gauges.refused));
    return gauges;
  }

  private Gauge gauge(String name, String description, Profile profile, AtomicInteger value) {
    return Gauge.builder(name, value::get)
        .description(description)
        .tag("namespace", profile.namespace())
        .tag("profile", profile.name())
        .register(registry);
  }

  private Gauge phaseGauge(Profile profile, ProfileOutcome.Phase phase) {
    return Gauge.builder("netseg.profile.phase", () -> 1)
        .description("1 for the profile's phase: observing, learning, enforcing, held or invalid")
        .tag("namespace", profile.namespace())
        .tag("profile", profile.name())
        .tag("phase", phase.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }
}
