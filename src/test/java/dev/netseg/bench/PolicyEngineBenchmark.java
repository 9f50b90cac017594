package dev.netseg.bench;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.ReferenceEvaluator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded decisions per second of {@link PolicyEngine#allows} and of the plain {@link
 * ReferenceEvaluator} on the same pre-generated random connections of a {@link BenchmarkCluster}
 * (10,000 pods, 200 namespaces, 2,000 policies). JMH scores are decisions per wall-clock second.
 *
 * <p>Each measurement iteration also prints {@code decisions per CPU-second}: decisions divided by
 * the CPU time of the benchmark thread. On a shared machine the wall-clock score is bounded by the
 * CPU share the benchmark gets; the CPU-second figure is what one core does.
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

  /** Counts decisions against the benchmark thread's CPU time, per iteration. */
  public abstract static class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    long decisions;
    private long cpuStart;

    @Setup(Level.Iteration)
    public void startClock() {
      decisions = 0;
      cpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stopClock() {
      double seconds = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf(" [%.0f decisions per CPU-second] ", decisions / seconds);
    }
  }

  @State(Scope.Thread)
  public static class Engine extends CpuClock {
    PolicyEngine engine;
    int cursor;

    @Setup(Level.Trial)
    public void setUp(Cluster cluster) {
      engine = PolicyEngine.build(cluster.snapshot);
    }
  }

  @State(Scope.Thread)
  public static class Reference extends CpuClock {
    ReferenceEvaluator reference;
    int cursor;

    @Setup(Level.Trial)
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
    state.decisions += ENGINE_BATCH;
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
    state.decisions += REFERENCE_BATCH;
    return allowed;
  }
}
