package dev.netseg.bench;

import dev.netseg.infer.InferenceInput;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.testing.RandomApps;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Generation (inference and synthesis) for generated applications at 1x, 4x and 16x, where 1x is
 * 1,000 workloads in 20 namespaces, 5,000 pods and about 21,000 required flows (15 Service
 * references per workload in every address form, some through ConfigMaps, DNS for all). Each scale
 * runs in its own fork on one core ({@code -XX:ActiveProcessorCount=1}; run the command under
 * {@code taskset -c 0}) with a 2 GiB heap and G1 (what {@code java} picks on a CI runner with two
 * or more CPUs; alone on one CPU it would pick Serial, which copies the growing result more). The
 * fork prints on teardown the thread CPU and GC time of each generation, and the peak live heap
 * sampled during an untimed generation.
 *
 * <pre>
 * taskset -c 0 ./mvnw -B -q -Pbench -DskipTests package exec:exec -Dbench=GeneratorBenchmark \
 *     -Dbench.args="-f 1 -wi 2 -i 3"
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g", "-XX:ActiveProcessorCount=1", "-XX:+UseG1GC"})
@State(Scope.Benchmark)
public class GeneratorBenchmark {
  /** 1x = 20 namespaces of 50 workloads. */
  static final int NAMESPACES_PER_SCALE = 20;

  static final int WORKLOADS_PER_NAMESPACE = 50;
  static final int REFERENCES = 15;
  static final int PODS = 5;

  @Param({"1", "4", "16"})
  public int scale;

  private InferenceInput input;
  private Generator generator;
  private GenerationResult last;
  private long inputLive;
  private long peakLive;
  private final List<Long> cpuNanos = new ArrayList<>();
  private final List<Long> gcMillis = new ArrayList<>();
  private long cpuAtStart;
  private long gcAtStart;

  @Setup(Level.Trial)
  public void setUp() {
    RandomApps.App app =
        RandomApps.generate(
            42, NAMESPACES_PER_SCALE * scale, WORKLOADS_PER_NAMESPACE, REFERENCES, PODS);
    input = app.input();
    generator = new Generator(GeneratorOptions.defaults());
    inputLive = HeapWatch.liveNow();
    // One untimed generation with the live heap sampled by forced full collections.
    peakLive = HeapWatch.peakDuring(() -> generator.generate(input), 250);
  }

  @Setup(Level.Invocation)
  public void startClocks() {
    last = null; // a caller holds one result at a time, not the previous one while generating
    cpuAtStart = THREADS.getCurrentThreadCpuTime();
    gcAtStart = gcMillis();
  }

  @TearDown(Level.Invocation)
  public void stopClocks() {
    cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuAtStart);
    gcMillis.add(gcMillis() - gcAtStart);
  }

  @Benchmark
  public GenerationResult generate() {
    last = generator.generate(input);
    return last;
  }

  @TearDown(Level.Trial)
  public void report() {
    long withResult = HeapWatch.liveNow();
    String counts =
        String.format(
            "%d required flows, %d policies, %d findings",
            last.flows().size(), last.policies().size(), last.findings().size());
    last = null;
    long withoutResult = HeapWatch.liveNow();
    long pods = input.workloads().stream().mapToLong(w -> w.pods().size()).sum();
    System.out.printf(
        "%nscale %dx: %d workloads, %d pods, %s%n"
            + "  heap: peak live %d MiB, sampled every 250 ms in an untimed run (input %d MiB,"
            + " one result %d MiB)%n"
            + "  per generation: thread CPU %s ms, GC %s ms (warmup included, in order)%n",
        scale,
        input.workloads().size(),
        pods,
        counts,
        peakLive >> 20,
        inputLive >> 20,
        (withResult - withoutResult) >> 20,
        cpuNanos.stream().map(n -> String.valueOf(n / 1_000_000)).toList(),
        gcMillis);
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }
}
