package dev.netseg.bench;

import dev.netseg.infer.InferenceInput;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.testing.RandomApps;
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
 * 1,000 workloads in 20 namespaces, 5,000 pods and about 20,600 required flows (15 Service
 * references per workload in every address form, some through ConfigMaps, DNS for all). Each scale
 * runs in its own fork on one core ({@code -XX:ActiveProcessorCount=1}, run the command under
 * {@code taskset -c 0}) with a 2 GiB heap; the fork prints the peak heap (sum of the heap pools'
 * peaks since setup, an upper bound) on teardown.
 *
 * <pre>
 * taskset -c 0 ./mvnw -B -q -Pbench -DskipTests package exec:exec -Dbench=GeneratorBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:ActiveProcessorCount=1"})
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
  private HeapWatch heap;
  private long inputLive;

  @Setup(Level.Trial)
  public void setUp() {
    RandomApps.App app =
        RandomApps.generate(
            42, NAMESPACES_PER_SCALE * scale, WORKLOADS_PER_NAMESPACE, REFERENCES, PODS);
    input = app.input();
    generator = new Generator(GeneratorOptions.defaults());
    heap = new HeapWatch();
    inputLive = heap.liveNow();
  }

  @Benchmark
  public GenerationResult generate() {
    last = generator.generate(input);
    return last;
  }

  @TearDown(Level.Trial)
  public void report() {
    long resultLive = heap.liveNow() - inputLive;
    long pods = input.workloads().stream().mapToLong(w -> w.pods().size()).sum();
    System.out.printf(
        "%nscale %dx: %d workloads, %d pods, %d required flows, %d policies, %d findings;"
            + " heap: peak in use after a GC %d MiB (input %d MiB, result %d MiB)%n",
        scale,
        input.workloads().size(),
        pods,
        last.flows().size(),
        last.policies().size(),
        last.findings().size(),
        heap.peakAfterGc() >> 20,
        inputLive >> 20,
        resultLive >> 20);
    heap.close();
  }
}
