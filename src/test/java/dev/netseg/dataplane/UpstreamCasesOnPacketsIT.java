package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.Protocol;
import dev.netseg.policy.UpstreamE2eCases;
import dev.netseg.policy.UpstreamE2eCases.Case;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream e2e NetworkPolicy cases ({@link UpstreamE2eCases}) on packets: each case's pods and
 * policies are written to the API server, kube-router enforces them, and the whole probe matrix
 * (every pair of the case's pods, TCP and UDP 80 and 81) equals what {@link PolicyEngine} predicts
 * for the objects the API server holds, and what the case states where it states something.
 */
@Dataplane
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamCasesOnPacketsIT {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamCasesOnPacketsIT.class);
  private final DataplaneFixture dataplane;
  private E2eWorld world;

  UpstreamCasesOnPacketsIT(DataplaneFixture dataplane) {
    this.dataplane = dataplane;
  }

  @BeforeAll
  void createWorld() {
    world = E2eWorld.create(dataplane);
  }

  @AfterAll
  void removeWorld() {
    world.close();
  }

  static Stream<Case> cases() {
    return UpstreamE2eCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void packetsAgreeWithTheEngineAndTheCase(Case c) {
    world.reset();
    world.run(c.pods());
    c.policies().forEach(dataplane.cluster()::apply);
    dataplane.cluster().sync();
    PolicyEngine engine = PolicyEngine.build(dataplane.cluster().snapshot());
    Expectation predicted = Expectation.allowedIf(p -> engine.allows(p.connection()));

    List<Probe> probes = world.probes(c.pods());
    ProbeMatrix packets = Converge.measure(probes, predicted);

    LOG.info("{}: {} probes, {} refused", c.name(), probes.size(), packets.count(Verdict.REFUSED));
    assertThat(packets.disagreements(predicted))
        .as("%s: packets against the engine\n%s", c.name(), packets.render(predicted))
        .isEmpty();
    for (UpstreamE2eCases.Probe stated : c.probes()) {
      if (stated.protocol() == Protocol.SCTP) {
        continue; // no SCTP sockets in this kernel: the engine's tests cover these
      }
      PortKey port = new PortKey(stated.protocol(), stated.port());
      Expectation caseSays =
          Expectation.allowedIf(p -> c.expected(stated, p.from().name(), p.to().name()));
      List<Probe> onPort = probes.stream().filter(p -> p.port().equals(port)).toList();
      assertThat(onPort.stream().filter(p -> !caseSays.of(p).admits(packets.verdict(p))))
          .as(
              "%s: packets against the case's own table on %s\n%s",
              c.name(), port, packets.render(caseSays))
          .isEmpty();
    }
  }
}
