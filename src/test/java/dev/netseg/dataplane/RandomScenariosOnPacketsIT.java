package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.PolicyEngine;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet differential: random clusters ({@link PacketScenarios}) written to the API server and
 * enforced by kube-router, each probe matrix (pods, an outside address and the node; TCP and UDP 80
 * and 81) compared with {@link PolicyEngine}'s prediction. Where packets and engine differ, the
 * difference must be one of kube-router's known deviations from the Kubernetes documentation: the
 * packets must equal {@link KubeRouterModel} (the documented semantics plus those deviations) on
 * every probe, and the model names the deviation behind each difference.
 *
 * <p>{@code ./mvnw verify} runs {@link #FIXED_SCENARIOS} fixed seeds, the same on every run. Fresh
 * seeds, to look for new disagreements (docs/testing.md):
 *
 * <pre>
 * ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=RandomScenariosOnPacketsIT -Dnetseg.seeds=random -Dnetseg.dataplane.scenarios=300
 * </pre>
 */
@Dataplane
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomScenariosOnPacketsIT {
  private static final Logger LOG = LoggerFactory.getLogger(RandomScenariosOnPacketsIT.class);

  static final int FIXED_SCENARIOS = 12;
  static final long FIXED_BASE = 20261207L;

  private final DataplaneFixture dataplane;
  private final AtomicInteger scenarios = new AtomicInteger();
  private final AtomicInteger disagreeing = new AtomicInteger();
  private final AtomicInteger disagreements = new AtomicInteger();
  private final AtomicInteger probed = new AtomicInteger();
  private final Map<KubeRouterDeviation, Integer> byDeviation =
      new EnumMap<>(KubeRouterDeviation.class);
  private ScenarioWorld world;
  private long started;

  RandomScenariosOnPacketsIT(DataplaneFixture dataplane) {
    this.dataplane = dataplane;
  }

  @BeforeAll
  void createWorld() {
    world = ScenarioWorld.create(dataplane);
    started = System.nanoTime();
  }

  @AfterAll
  void removeWorld() {
    double minutes = (System.nanoTime() - started) / 60e9;
    LOG.info(
        "{} scenarios ({} probes) in {} min, {} per minute; {} scenarios ({} probes) differ from"
            + " the engine, every one explained by a kube-router deviation: {}",
        scenarios.get(),
        probed.get(),
        String.format("%.2f", minutes),
        String.format("%.1f", scenarios.get() / minutes),
        disagreeing.get(),
        disagreements.get(),
        byDeviation);
    world.close();
  }

  @TestFactory
  Stream<DynamicTest> packetsAgreeWithTheEngine() {
    return seeds().mapToObj(seed -> dynamicTest("seed " + seed, () -> check(seed)));
  }

  /** {@code netseg.seeds}: fixed (the default), random, or a base of its own. */
  static LongStream seeds() {
    String mode = System.getProperty("netseg.seeds", "fixed").trim();
    int count =
        Integer.parseInt(
            System.getProperty("netseg.dataplane.scenarios", Integer.toString(FIXED_SCENARIOS))
                .trim());
    if (mode.equals("random")) {
      return new SecureRandom().longs(count);
    }
    long base = mode.equals("fixed") ? FIXED_BASE : Long.parseLong(mode);
    return LongStream.range(0, count).map(i -> base + i);
  }

  /**
   * Packets must agree with kube-router as modelled ({@link KubeRouterModel}, every deviation on)
   * on every probe; where they differ from the engine, the model names the deviation (each pinned
   * by {@code KubeRouterDeviationsIT}).
   */
  private void check(long seed) {
    PacketScenario scenario = PacketScenarios.generate(seed);
    world.load(scenario);
    scenarios.incrementAndGet();
    ClusterSnapshot snapshot = dataplane.cluster().snapshot();
    PolicyEngine engine = PolicyEngine.build(snapshot);
    KubeRouterModel kubeRouter = KubeRouterModel.asItIs(snapshot, DataplaneFixture.NODE_IP);
    Expectation documented = Expectation.allowedIf(p -> engine.allows(p.connection()));
    Expectation modelled = p -> kubeRouter.allows(p.connection());
    List<Probe> probes = world.probes();
    ProbeMatrix packets = Converge.measure(probes, modelled);
    probed.addAndGet(probes.size());

    List<ProbeMatrix.Disagreement> fromEngine = packets.disagreements(documented);
    Map<KubeRouterDeviation, Integer> why = new EnumMap<>(KubeRouterDeviation.class);
    List<ProbeMatrix.Disagreement> unexplained = new ArrayList<>();
    for (ProbeMatrix.Disagreement d : fromEngine) {
      Set<KubeRouterDeviation> because = kubeRouter.explain(d.probe().connection());
      if (because.isEmpty()) {
        unexplained.add(d);
      }
      because.forEach(deviation -> why.merge(deviation, 1, Integer::sum));
    }
    if (!fromEngine.isEmpty()) {
      disagreeing.incrementAndGet();
      disagreements.addAndGet(fromEngine.size());
      why.forEach((d, n) -> byDeviation.merge(d, n, Integer::sum));
    }
    LOG.info(
        "seed {}: {} probes, {} differ from the engine {}",
        seed,
        probes.size(),
        fromEngine.size(),
        why.isEmpty() ? "" : "(explained by " + why + ")");
    assertThat(packets.disagreements(modelled))
        .as(
            "seed %d: packets against kube-router %s as modelled (KubeRouterModel): neither the"
                + " engine nor a known deviation explains them\n%s\nthe engine says:\n%s\n%s",
            seed,
            KubeRouterBinary.pinnedVersion(),
            packets.render(modelled),
            packets.render(documented),
            scenario)
        .isEmpty();
    assertThat(unexplained)
        .as("seed %d: packets that differ from the engine with no deviation to name", seed)
        .isEmpty();
  }
}
