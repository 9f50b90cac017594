package dev.netseg.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The indexed engine decides every connection of random small clusters exactly as the plain {@link
 * ReferenceEvaluator} does, through each of its three entry points.
 */
class EngineAgreesWithReferenceTest {

  @Provide
  Arbitrary<RandomClusters.Scenario> scenarios() {
    // Pod and policy counts shrink, so a failure is reported on a small cluster.
    return Combinators.combine(
            Arbitraries.integers().between(1, 8),
            Arbitraries.integers().between(0, 8),
            Arbitraries.longs())
        .as((pods, policies, seed) -> RandomClusters.scenario(pods, policies, 40, seed));
  }

  @Property(tries = 400)
  void engineDecidesLikeTheReference(@ForAll("scenarios") RandomClusters.Scenario s) {
    PolicyEngine engine = PolicyEngine.build(s.snapshot());
    ReferenceEvaluator reference = new ReferenceEvaluator(s.snapshot());
    for (Connection c : s.connections()) {
      boolean expected = reference.allows(c);
      Statistics.label("verdict").collect(expected ? "allowed" : "denied");
      Statistics.label("endpoints").collect(kind(c.source()) + " -> " + kind(c.destination()));
      assertThat(engine.allows(c)).as("allows %s", c).isEqualTo(expected);
      Decision d = engine.explain(c);
      assertThat(d.allowed()).as("explain %s: %s", c, d.explanation()).isEqualTo(expected);
      assertThat(d.allowed()).isEqualTo(d.egress().allowed() && d.ingress().allowed());
      assertThat(
              engine
                  .allowedConnections(c.source(), c.destination())
                  .contains(c.protocol(), c.port()))
          .as("allowedConnections %s", c)
          .isEqualTo(expected);
    }
  }

  private static String kind(Endpoint e) {
    return e instanceof Endpoint.PodRef ? "pod" : "address";
  }
}
