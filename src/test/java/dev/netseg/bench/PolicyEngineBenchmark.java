package dev.netseg.bench;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.ReferenceEvaluator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded decisions per second of {@link PolicyEngine#allows} and of the plain {@link
 * ReferenceEvaluator} on the same pre-generated random connections of a {@link BenchmarkCluster}
 * (10,000 pods, 200 namespaces, 2,000 policies). Scores are decisions per second.
 *
 * <p>{@code ./mvnw -B -q -Pbench -DskipTests package exec:exec -Dbench=PolicyEngineBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyEngineBenchmark {
  private static final int CONNECTIONS = 1 << 16;
  private static final int ENGINE_BATCH = 4096;
  private static final int REFERENCE_BATCH = 64;

  /** The cluster and connections, shared by both benchmarks (built once per fork). */
  @State(Scope.Benchmark)
  public static class Cluster {
    ClusterSnapshot snapshot;
    Connection[] connections;

    @Setup
    public void setUp() {
      snapshot = BenchmarkCluster.snapshot(42);
      connections = BenchmarkCluster.connections(snapshot, CONNECTIONS, 7);
    }
  }

  @State(Scope.Thread)
  public static class Engine {
    PolicyEngine engine;
    int cursor;

    @Setup
    public void setUp(Cluster cluster) {
      engine = PolicyEngine.build(cluster.snapshot);
    }
  }

  @State(Scope.Thread)
  public static class Reference {
    ReferenceEvaluator reference;
    int cursor;

    @Setup
    public void setUp(Cluster cluster) {
      reference = new ReferenceEvaluator(cluster.snapshot);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENGINE_BATCH)
  public int engineAllows(Cluster cluster, Engine state) {
    Connection[] connections = cluster.connections;
    int allowed = 0;
    int cursor = state.cursor;
    for (int i = 0; i < ENGINE_BATCH; i++) {
      if (state.engine.allows(connections[cursor++ & (CONNECTIONS - 1)])) {
        allowed++;
      }
    }
    state.cursor = cursor;
    return allowed;
  }

  @Benchmark
  @OperationsPerInvocation(REFERENCE_BATCH)
  public int referenceAllows(Cluster cluster, Reference state) {
    Connection[] connections = cluster.connections;
    int allowed = 0;
    int cursor = state.cursor;
    for (int i = 0; i < REFERENCE_BATCH; i++) {
      if (state.reference.allows(connections[cursor++ & (CONNECTIONS - 1)])) {
        allowed++;
      }
    }
    state.cursor = cursor;
    return allowed;
  }
}
