package dev.netseg.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.netseg.flows.EdgeStore;
import dev.netseg.flows.FlowFormat;
import dev.netseg.flows.FlowLearner;
import dev.netseg.flows.FlowReader;
import dev.netseg.flows.FlowResolver;
import dev.netseg.flows.IngestCounter;
import dev.netseg.flows.IngestStats;
import dev.netseg.flows.PodIpHistory;
import dev.netseg.flows.PodKey;
import dev.netseg.workload.WorkloadRef;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Hubble JSON ingestion on one core: generates {@code hubble observe -o json} lines for a cluster
 * of pods in memory, then reads them through the real path (line splitting, streaming parse,
 * interpretation, resolution to workloads, aggregation into edges) and reports records per second
 * and the heap the learned edges retain. A plain main, not JMH: the quantity is one long pass over
 * 2 million records and the heap left after it, not a per-operation time.
 *
 * <p>Usage: {@code HubbleIngestHarness [records] [pods] [callees per workload]} (defaults 2000000,
 * 5000, 4). See docs/performance.md for the command.
 */
public final class HubbleIngestHarness {
  private static final int PODS_PER_WORKLOAD = 10;
  private static final int NAMESPACES = 50;
  private static final int EXTERNAL_ADDRESSES = 300;
  private static final int WORLD_CLIENTS = 1000;
  private static final int INGRESS_WORKLOADS = 10;
  private static final int EXTERNALS_PER_WORKLOAD = 2;
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  // Warm-up passes read the first WARM_BLOCKS blocks (about 230,000 lines) until one compiles for
  // less than WARM_JIT_MS, at most MAX_WARM_PASSES times.
  private static final int WARM_BLOCKS = 5;
  private static final long WARM_JIT_MS = 20;
  private static final int MAX_WARM_PASSES = 10;

  private record Pod(String namespace, String name, String workload, String ip, int id) {}

  private record Callee(int workload, int port) {}

  private final List<Pod> pods = new ArrayList<>();
  private final List<List<Pod>> podsOf = new ArrayList<>();
  private final List<List<Callee>> callees = new ArrayList<>();
  private final List<int[]> externalsOf = new ArrayList<>();
  private final List<Pod> coredns = new ArrayList<>();
  private final SplittableRandom random = new SplittableRandom(42);

  private HubbleIngestHarness(int podCount, int fanout) {
    int workloads = podCount / PODS_PER_WORKLOAD;
    for (int w = 0; w < workloads; w++) {
      String ns = String.format("ns-%02d", w % NAMESPACES);
      String name = "app-" + w;
      List<Pod> mine = new ArrayList<>();
      for (int r = 0; r < PODS_PER_WORKLOAD; r++) {
        int id = pods.size();
        String ip = "10." + (1 + id / 65536) + "." + (id / 256 % 256) + "." + (id % 256);
        Pod pod = new Pod(ns, name + "-7d9f8c6b5-" + suffix(id), name, ip, id);
        pods.add(pod);
        mine.add(pod);
      }
      podsOf.add(mine);
    }
    for (int w = 0; w < workloads; w++) {
      List<Callee> list = new ArrayList<>();
      for (int c = 0; c < fanout; c++) {
        list.add(new Callee(random.nextInt(workloads), 8000 + random.nextInt(4) * 10));
      }
      callees.add(list);
      int[] externals = new int[EXTERNALS_PER_WORKLOAD];
      for (int x = 0; x < externals.length; x++) {
        externals[x] = random.nextInt(EXTERNAL_ADDRESSES);
      }
      externalsOf.add(externals);
    }
    for (int r = 0; r < 2; r++) {
      coredns.add(
          new Pod(
              "kube-system",
              "coredns-76f75df574-" + suffix(900_000 + r),
              "coredns",
              "10.0.0." + (10 + r),
              900_000 + r));
    }
  }

  private static String suffix(int id) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder b = new StringBuilder();
    int v = id * 7919 + 12345;
    for (int i = 0; i < 5; i++) {
      b.append(alphabet.charAt(Math.floorMod(v, alphabet.length())));
      v /= alphabet.length();
    }
    return b.toString();
  }

  // ---- generation ----------------------------------------------------------------------------

  private void endpoint(StringBuilder b, Pod p) {
    b.append("{\"ID\":")
        .append(1000 + p.id % 3000)
        .append(",\"identity\":")
        .append(20000 + p.id / PODS_PER_WORKLOAD)
        .append(",\"cluster_name\":\"default\",\"namespace\":\"")
        .append(p.namespace)
        .append("\",\"labels\":[\"k8s:app=")
        .append(p.workload)
        .append("\",\"k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=")
        .append(p.namespace)
        .append(
            "\",\"k8s:io.cilium.k8s.policy.cluster=default\",\"k8s:io.cilium.k8s.policy.serviceaccount=")
        .append(p.workload)
        .append("\",\"k8s:io.kubernetes.pod.namespace=")
        .append(p.namespace)
        .append("\"],\"pod_name\":\"")
        .append(p.name)
        .append("\",\"workloads\":[{\"name\":\"")
        .append(p.workload)
        .append("\",\"kind\":\"Deployment\"}]}");
  }

  private static void world(StringBuilder b) {
    b.append("{\"identity\":2,\"labels\":[\"reserved:world\"]}");
  }

  /** Appends one line; the mix follows what a Hubble stream with default aggregation shows. */
  private void line(StringBuilder b, long i) {
    Pod src = pods.get(random.nextInt(pods.size()));
    List<Callee> mine = callees.get(src.id / PODS_PER_WORKLOAD);
    Callee callee = mine.get(random.nextInt(mine.size()));
    Pod dst = podsOf.get(callee.workload).get(random.nextInt(PODS_PER_WORKLOAD));
    int kind = random.nextInt(100);
    String verdict = "FORWARDED";
    String srcIp = src.ip;
    String dstIp = dst.ip;
    Pod srcPod = src;
    Pod dstPod = dst;
    String l4;
    String names = null;
    Boolean reply = Boolean.FALSE;
    int ephemeral = 32768 + random.nextInt(28000);
    if (kind < 33) { // connection request
      l4 = tcp(ephemeral, callee.port, "\"SYN\":true");
      int v = random.nextInt(100);
      if (v < 3) {
        verdict = "DROPPED";
        reply = null;
      } else if (v < 4) {
        verdict = "AUDIT";
      }
    } else if (kind < 63) { // its answer
      l4 = tcp(callee.port, ephemeral, "\"SYN\":true,\"ACK\":true");
      srcIp = dst.ip;
      dstIp = src.ip;
      srcPod = dst;
      dstPod = src;
      reply = Boolean.TRUE;
    } else if (kind < 78) { // later packets of the connection
      l4 = tcp(ephemeral, callee.port, "\"ACK\":true,\"PSH\":true");
    } else if (kind < 86) { // DNS query
      Pod dns = coredns.get(random.nextInt(coredns.size()));
      l4 = "{\"UDP\":{\"source_port\":" + ephemeral + ",\"destination_port\":53}}";
      dstIp = dns.ip;
      dstPod = dns;
    } else if (kind < 91) { // DNS answer
      Pod dns = coredns.get(random.nextInt(coredns.size()));
      l4 = "{\"UDP\":{\"source_port\":53,\"destination_port\":" + ephemeral + "}}";
      srcIp = dns.ip;
      srcPod = dns;
      dstIp = src.ip;
      dstPod = src;
      reply = Boolean.TRUE;
    } else if (kind < 97) { // egress to the outside world, with the DNS name it was looked up by
      int[] externals = externalsOf.get(src.id / PODS_PER_WORKLOAD);
      int x = externals[random.nextInt(externals.length)];
      dstIp = "203.0." + (x / 256) + "." + (x % 256);
      dstPod = null;
      names = "\"destination_names\":[\"api-" + x + ".example.com\"]";
      l4 = tcp(ephemeral, 443, "\"SYN\":true");
    } else if (kind < 99) { // a client from the outside world, reaching an ingress workload
      int x = random.nextInt(WORLD_CLIENTS);
      srcIp = "198.51." + (100 + x / 256) + "." + (x % 256);
      srcPod = null;
      dstPod = podsOf.get(random.nextInt(INGRESS_WORKLOADS)).get(random.nextInt(PODS_PER_WORKLOAD));
      dstIp = dstPod.ip;
      l4 = tcp(ephemeral, 8443, "\"SYN\":true");
    } else { // ping
      l4 = "{\"ICMPv4\":{\"type\":8}}";
    }
    Instant time = T0.plusNanos(i * 250_000L + random.nextInt(1000));
    String node = "worker-" + (srcPod != null ? srcPod.id % 20 : 0);
    b.append("{\"flow\":{\"time\":\"")
        .append(time)
        .append("\",\"uuid\":\"6f1c")
        .append(Long.toHexString(i))
        .append("-6a9d-4c7e-9b1a-2f4e5d6c7b8a")
        .append("\",\"verdict\":\"")
        .append(verdict)
        .append('"');
    if (verdict.equals("DROPPED")) {
      b.append(",\"drop_reason\":133,\"drop_reason_desc\":\"POLICY_DENIED\"");
    }
    b.append(
            ",\"ethernet\":{\"source\":\"0a:58:0a:f4:01:05\",\"destination\":\"0a:58:0a:f4:01:01\"}")
        .append(",\"IP\":{\"source\":\"")
        .append(srcIp)
        .append("\",\"destination\":\"")
        .append(dstIp)
        .append("\",\"ipVersion\":\"IPv4\"},\"l4\":")
        .append(l4)
        .append(",\"source\":");
    if (srcPod != null) {
      endpoint(b, srcPod);
    } else {
      world(b);
    }
    b.append(",\"destination\":");
    if (dstPod != null) {
      endpoint(b, dstPod);
    } else {
      world(b);
    }
    if (names != null) {
      b.append(',').append(names);
    }
    b.append(",\"Type\":\"L3_L4\",\"node_name\":\"")
        .append(node)
        .append("\",\"event_type\":{\"type\":")
        .append(verdict.equals("DROPPED") ? "1" : "4")
        .append(",\"sub_type\":3},\"traffic_direction\":\"EGRESS\"")
        .append(",\"trace_observation_point\":\"TO_ENDPOINT\"");
    if (reply != null) {
      b.append(",\"is_reply\":").append(reply);
    }
    b.append(",\"interface\":{\"index\":12,\"name\":\"lxc1a2b3c4d\"},\"Summary\":\"")
        .append(l4.startsWith("{\"TCP") ? "TCP Flags: SYN" : "UDP")
        .append("\"},\"node_name\":\"")
        .append(node)
        .append("\",\"time\":\"")
        .append(time)
        .append("\"}\n");
  }

  private static String tcp(int sport, int dport, String flags) {
    return "{\"TCP\":{\"source_port\":"
        + sport
        + ",\"destination_port\":"
        + dport
        + ",\"flags\":{"
        + flags
        + "}}}";
  }

  /** The generated lines, held as a few large blocks so that the JVM can hold 2 GB of them. */
  private static final class Blocks {
    static final int BLOCK = 64 << 20;
    final List<byte[]> blocks = new ArrayList<>();
    final List<Integer> sizes = new ArrayList<>();
    final List<Integer> lineCounts = new ArrayList<>();
    byte[] current = new byte[BLOCK];
    int used;
    int linesInCurrent;
    long lines;

    /** Adds one line, ending with its newline. */
    void add(byte[] line) {
      if (used + line.length > BLOCK) {
        closeCurrent();
        current = new byte[BLOCK];
        used = 0;
        linesInCurrent = 0;
      }
      System.arraycopy(line, 0, current, used, line.length);
      used += line.length;
      linesInCurrent++;
      lines++;
    }

    void finish() {
      closeCurrent();
      current = null;
    }

    private void closeCurrent() {
      blocks.add(current);
      sizes.add(used);
      lineCounts.add(linesInCurrent);
    }

    /** The lines in the first {@code count} blocks. */
    long linesIn(int count) {
      long n = 0;
      for (int k = 0; k < Math.min(count, blocks.size()); k++) {
        n += linesOf(k);
      }
      return n;
    }

    /** The lines in block {@code k}. */
    long linesOf(int k) {
      return lineCounts.get(k);
    }

    long bytes() {
      return sizes.stream().mapToLong(Integer::longValue).sum();
    }

    InputStream stream(int upToBlocks) {
      return stream(upToBlocks, new Stretches());
    }

    /** A stream of the first blocks that marks {@code stretches} as it starts each, and at end. */
    InputStream stream(int upToBlocks, Stretches stretches) {
      return new InputStream() {
        int block;
        int pos;
        boolean started;

        @Override
        public int read() {
          throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (!started) {
            stretches.mark();
            started = true;
          }
          while (block < Math.min(upToBlocks, blocks.size()) && pos == sizes.get(block)) {
            block++;
            pos = 0;
            stretches.mark();
          }
          if (block >= Math.min(upToBlocks, blocks.size())) {
            return -1;
          }
          int n = Math.min(len, sizes.get(block) - pos);
          System.arraycopy(blocks.get(block), pos, b, off, n);
          pos += n;
          return n;
        }
      };
    }
  }

  // ---- measurement ---------------------------------------------------------------------------

  /**
   * The ingesting thread's CPU time as a pass starts each block of lines (about 46,000) and at its
   * end: the rate of each stretch, which shows how far the machine's other load moves a pass.
   */
  private static final class Stretches {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<Long> marks = new ArrayList<>();

    void mark() {
      marks.add(threads.getCurrentThreadCpuTime());
    }

    /** Records per thread CPU second of each whole block read, in order. */
    double[] rates(Blocks blocks) {
      int stretches = Math.min(marks.size() - 1, blocks.blocks.size());
      double[] rates = new double[stretches];
      for (int k = 0; k < stretches; k++) {
        rates[k] = blocks.linesOf(k) / ((marks.get(k + 1) - marks.get(k)) / 1e9);
      }
      return rates;
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private FlowLearner learner(EdgeStore store, IngestCounter counter) {
    PodIpHistory history = new PodIpHistory();
    Map<PodKey, WorkloadRef> workloads = new HashMap<>();
    for (Pod p : pods) {
      history.record(p.ip, new PodKey(p.namespace, p.name), T0.minusSeconds(3600), null);
      workloads.put(
          new PodKey(p.namespace, p.name), new WorkloadRef(p.namespace, p.workload, "Deployment"));
    }
    for (Pod p : coredns) {
      workloads.put(
          new PodKey(p.namespace, p.name), new WorkloadRef(p.namespace, p.workload, "Deployment"));
    }
    FlowResolver resolver =
        new FlowResolver(
            history,
            pod -> Optional.ofNullable(workloads.get(pod)),
            ns -> ns.startsWith("ns-"),
            () -> 0L); // the model never changes during the run, as in the CLI
    return new FlowLearner(resolver, store, counter);
  }

  /** Wall time, CPU time of the ingesting thread, CPU time of the whole JVM (GC, JIT) in s. */
  private record Timing(double wall, double thread, double process) {}

  private static Timing ingest(
      FlowReader reader, InputStream in, FlowLearner learner, IngestCounter counter)
      throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long wall = System.nanoTime();
    long thread = threads.getCurrentThreadCpuTime();
    long process = os.getProcessCpuTime();
    reader.read(in, FlowFormat.HUBBLE, learner, counter);
    return new Timing(
        (System.nanoTime() - wall) / 1e9,
        (threads.getCurrentThreadCpuTime() - thread) / 1e9,
        (os.getProcessCpuTime() - process) / 1e9);
  }

  /**
   * Jackson alone, reading every token of every line and nothing else: what the old Jackson-based
   * parser could not beat, kept as a yardstick for how fast the machine is during the run.
   */
  private static Timing tokenizeOnly(Blocks blocks) throws IOException {
    JsonFactory factory = new JsonFactory();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long wall = System.nanoTime();
    long thread = threads.getCurrentThreadCpuTime();
    long tokens = 0;
    for (int b = 0; b < blocks.blocks.size(); b++) {
      byte[] block = blocks.blocks.get(b);
      int size = blocks.sizes.get(b);
      int start = 0;
      for (int i = 0; i < size; i++) {
        if (block[i] == '\n') {
          try (JsonParser p = factory.createParser(block, start, i - start)) {
            while (p.nextToken() != null) {
              tokens++;
            }
          }
          start = i + 1;
        }
      }
    }
    if (tokens == 0) {
      throw new IllegalStateException("no tokens");
    }
    return new Timing(
        (System.nanoTime() - wall) / 1e9, (threads.getCurrentThreadCpuTime() - thread) / 1e9, 0);
  }

  private static void report(String label, int records, Timing t) {
    System.out.printf(
        "%s: %,d records: wall %.2f s = %,.0f records/s; ingest thread CPU %.2f s = %,.0f"
            + " records/s; JVM CPU (incl. GC, JIT) %.2f s = %,.0f records/s%n",
        label,
        records,
        t.wall,
        records / t.wall,
        t.thread,
        records / t.thread,
        t.process,
        records / t.process);
  }

  private static void reportStretches(String label, double[] rates) {
    if (rates.length == 0) {
      return;
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s by stretch of one block (%d stretches): slowest %,.0f, median %,.0f, fastest %,.0f"
            + " records/s (thread CPU)%n",
        label, sorted.length, sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
  }

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int podCount = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int fanout = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    System.out.printf(
        "Hubble ingestion: %,d records over %,d pods (%d callees per workload)%n",
        records, podCount, fanout);

    HubbleIngestHarness harness = new HubbleIngestHarness(podCount, fanout);
    long genStart = System.nanoTime();
    Blocks blocks = new Blocks();
    StringBuilder b = new StringBuilder(2048);
    for (long i = 0; i < records; i++) {
      b.setLength(0);
      harness.line(b, i);
      blocks.add(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    blocks.finish();
    System.out.printf(
        "generated %,d lines, %,d MB (%d bytes/line) in %.1f s%n",
        blocks.lines,
        blocks.bytes() >> 20,
        blocks.bytes() / blocks.lines,
        (System.nanoTime() - genStart) / 1e9);

    FlowReader reader = new FlowReader();
    // Warm-up: passes over the first blocks into throw-away stores until the JIT compiler has
    // settled (a pass during which it compiled for less than WARM_JIT_MS), so that the timed passes
    // measure compiled code rather than the compiler at work on the same core. The first of them
    // is the figure for a cold JVM, which a short CLI run sees.
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    int warmRecords = (int) Math.min(records, blocks.linesIn(WARM_BLOCKS));
    for (int pass = 1; ; pass++) {
      IngestCounter warmCounter = new IngestCounter();
      long compiling = jit.getTotalCompilationTime();
      Timing warm =
          ingest(
              reader,
              blocks.stream(WARM_BLOCKS),
              harness.learner(new EdgeStore(), warmCounter),
              warmCounter);
      long compiled = jit.getTotalCompilationTime() - compiling;
      report(String.format("warm-up %d (JIT compiling %d ms)", pass, compiled), warmRecords, warm);
      if (compiled < WARM_JIT_MS || pass == MAX_WARM_PASSES) {
        break;
      }
    }

    long before = usedAfterGc();
    EdgeStore store = new EdgeStore();
    IngestCounter counter = new IngestCounter();
    FlowLearner learner = harness.learner(store, counter);
    long withModel = usedAfterGc();
    long compiling = jit.getTotalCompilationTime();
    Stretches onceStretches = new Stretches();
    Timing once = ingest(reader, blocks.stream(Integer.MAX_VALUE, onceStretches), learner, counter);
    long compiledOnce = jit.getTotalCompilationTime() - compiling;
    long afterOnce = usedAfterGc();
    compiling = jit.getTotalCompilationTime();
    Stretches twiceStretches = new Stretches();
    Timing twice =
        ingest(reader, blocks.stream(Integer.MAX_VALUE, twiceStretches), learner, counter);
    long compiledTwice = jit.getTotalCompilationTime() - compiling;
    long afterTwice = usedAfterGc();
    Reference.reachabilityFence(learner);
    Reference.reachabilityFence(blocks);

    IngestStats stats = counter.snapshot();
    int edges = store.size();
    var snapshot = store.snapshot();
    Timing ceiling = tokenizeOnly(blocks);
    System.out.printf(
        "reference, Jackson tokenizing only: thread CPU %.2f s = %,.0f records/s (%.0f MB/s)%n",
        ceiling.thread, records / ceiling.thread, blocks.bytes() / ceiling.thread / (1 << 20));
    report(String.format("pass 1 (JIT compiling %d ms)", compiledOnce), records, once);
    report(
        String.format("pass 2, the same records again (JIT compiling %d ms)", compiledTwice),
        records,
        twice);
    reportStretches("pass 1", onceStretches.rates(blocks));
    reportStretches("pass 2", twiceStretches.rates(blocks));
    System.out.printf(
        "per pass: accepted %,d, skipped %,d %s, rejected %,d, unresolved %,d%n",
        stats.accepted() / 2,
        stats.skippedTotal() / 2,
        stats.skipped().keySet(),
        stats.rejectedTotal() / 2,
        stats.unresolvedTotal() / 2);
    System.out.printf(
        "distinct edges: %,d (learned %,d, dropped %,d, audited %,d)%n",
        edges, snapshot.learned().size(), snapshot.dropped().size(), snapshot.audited().size());
    System.out.printf(
        "heap: cluster model (IP history, pod->workload map) %,d KB%n", (withModel - before) >> 10);
    System.out.printf(
        "heap retained by ingestion after pass 1: %,d KB = %,d bytes/edge%n",
        (afterOnce - withModel) >> 10, (afterOnce - withModel) / Math.max(1, edges));
    System.out.printf(
        "heap retained after pass 2 (2x the records): %,d KB (change %+,d KB)%n",
        (afterTwice - withModel) >> 10, (afterTwice - afterOnce) >> 10);
    System.out.printf(
        "JVM: %s %s, %d CPUs available%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
  }
}
