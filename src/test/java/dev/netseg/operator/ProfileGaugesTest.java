package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.decide.ProfileOutcome.Phase;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileGaugesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProfileGauges gauges = new ProfileGauges(registry);

  @Test
  void aProfileHasFourSeriesAndOnePhaseAtATime() {
    gauges.set("shop", "p", new ProfileGauges.Reading(Phase.LEARNING, 7, 0, 1));
    gauges.set("shop", "p", new ProfileGauges.Reading(Phase.HELD, 8, 2, 1));

    assertThat(series())
        .containsExactlyInAnyOrder(
            "netseg.blocked.flows{namespace=shop,profile=p} 2.0",
            "netseg.profile.phase{namespace=shop,phase=held,profile=p} 1.0",
            "netseg.profile.policies{namespace=shop,profile=p} 8.0",
            "netseg.refused.flows{namespace=shop,profile=p} 1.0");
  }

  @Test
  void aDeletedProfileLeavesNoSeriesAndOthersKeepTheirs() {
    gauges.set("shop", "p", new ProfileGauges.Reading(Phase.ENFORCING, 7, 0, 0));
    gauges.set("shop", "q", new ProfileGauges.Reading(Phase.OBSERVING, 3, 0, 0));

    gauges.remove("shop", "p");
    gauges.remove("shop", "never-seen");

    assertThat(series()).hasSize(4).allMatch(s -> s.contains("profile=q"));
    // A profile of the same name created again starts afresh.
    gauges.set("shop", "p", new ProfileGauges.Reading(Phase.INVALID, 0, 0, 0));
    assertThat(series())
        .hasSize(8)
        .contains("netseg.profile.phase{namespace=shop,phase=invalid,profile=p} 1.0");
  }

  /** "name{tag=value,...} value" of every gauge in the registry. */
  private List<String> series() {
    return registry.getMeters().stream()
        .map(
            m ->
                m.getId().getName()
                    + "{"
                    + String.join(
                        ",",
                        m.getId().getTags().stream()
                            .map(t -> t.getKey() + "=" + t.getValue())
                            .toList())
                    + "} "
                    + value(m))
        .toList();
  }

  private static double value(Meter m) {
    return m.measure().iterator().next().getValue();
  }
}
