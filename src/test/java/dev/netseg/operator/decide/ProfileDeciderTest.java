package dev.netseg.operator.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision without a cluster: which evidence the profile's learning sources let in. */
class ProfileDeciderTest {
  /**
   * frontend reaches cart through an env reference (manifest evidence), checkout through a
   * netseg.dev/egress annotation (declared evidence).
   */
  private static final String APP =
      Decision.yaml(Decision.FRONTEND_CALLS_CART, Decision.CHECKOUT_DECLARES_CART);

  @ParameterizedTest(name = "sources {0}: frontend allowed {1}, checkout allowed {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Declarations, Manifests, ObservedFlows | true  | true",
        "Declarations, ObservedFlows            | false | true",
        "Manifests                              | true  | false",
        "''                                     | false | false",
      })
  void learningSourcesDecideWhichEvidenceCounts(
      String sources, boolean frontendAllowed, boolean checkoutAllowed) {
    ProfileOutcome outcome =
        decide("mode: Observe\nlearning: {sources: [%s]}\n".formatted(sources));

    String cartIngress =
        Serialization.asYaml(policy(outcome, "netseg-cart").getSpec().getIngress());
    assertThat(cartIngress.contains("app: \"frontend\"")).isEqualTo(frontendAllowed);
    assertThat(cartIngress.contains("app: \"checkout\"")).isEqualTo(checkoutAllowed);
  }

  private static ProfileOutcome decide(String specYaml) {
    return Decision.of(APP, specYaml).decide();
  }

  private static NetworkPolicy policy(ProfileOutcome outcome, String name) {
    return outcome.proposed().stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no proposed policy " + name));
  }
}
