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

  /** Ports on and around every port and endPort boundary the generator uses. */
  private static final int[] PORT_GRID = {
    1, 52, 53, 54, 79, 80, 81, 82, 92, 93, 119, 120, 121, 8079, 8080, 8081, 8119, 8120, 65535
  };

  /** The symbolic connection set equals the reference, point by point, on a grid of ports. */
  @Property(tries = 150)
  void allowedConnectionsMatchesTheReferenceOnEveryProtocolAndPort(
      @ForAll("scenarios") RandomClusters.Scenario s) {
    PolicyEngine engine = PolicyEngine.build(s.snapshot());
    ReferenceEvaluator reference = new ReferenceEvaluator(s.snapshot());
    for (Connection c : s.connections().subList(0, 10)) {
      ConnectionSet allowed = engine.allowedConnections(c.source(), c.destination());
      for (Protocol p : Protocol.values()) {
        for (int port : PORT_GRID) {
          Connection probe = new Connection(c.source(), c.destination(), p, port);
          assertThat(allowed.contains(p, port))
              .as("%s in %s", probe, allowed)
              .isEqualTo(reference.allows(probe));
        }
      }
    }
  }

  private static String kind(Endpoint e) {
    return e instanceof Endpoint.PodRef ? "pod" : "address";
  }
}
