package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.workload.WorkloadRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Ingestion straight from the bytes ({@link HubbleLineLearner}, which {@link FlowReader} uses when
 * the sink is a {@link FlowLearner}) against the general path it shortcuts: {@link
 * FlowReader#parseLine} to a {@link FlowRecord}, then {@link FlowLearner#accept}. On streams of
 * generated lines (valid, odd and corrupted, see {@link HubbleParserAgreesWithTreeReferenceTest})
 * both must count the same outcomes by reason, with the same first detail, and learn the same
 * edges. The cluster model resolves some pods by name, some addresses by history, leaves some pods
 * without a workload and some namespaces out of scope, so every resolution outcome occurs.
 */
class HubbleLineLearnerAgreesWithGeneralPathTest {

  private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

  private final Map<PodKey, WorkloadRef> workloads = new java.util.HashMap<>();

  private boolean hints;

  /**
   * Resolves pods from the controller a line names, when it names one, else by the map; the first
   * answer for a pod stands, as the CLI's does. A pod's first line is then read whole.
   */
  private final class Hinted implements PodWorkloads {
    private final Map<PodKey, WorkloadRef> decided = new java.util.HashMap<>();

    @Override
    public Optional<WorkloadRef> workloadOf(PodKey pod) {
      WorkloadRef known = decided.get(pod);
      if (known == null && workloads.containsKey(pod)) {
        known = workloads.get(pod);
        decided.put(pod, known);
      }
      return Optional.ofNullable(known);
    }

    @Override
    public Optional<WorkloadRef> workloadOf(PodKey pod, PodHints h) {
      if (decided.containsKey(pod) || h.workloadName().isEmpty()) {
        return workloadOf(pod);
      }
      WorkloadRef ref =
          new WorkloadRef(
              pod.namespace(), h.workloadName().get(), h.workloadKind().orElse("Deployment"));
      decided.put(pod, ref);
      return Optional.of(ref);
    }

    @Override
    public boolean usesHints() {
      return true;
    }
  }

  private FlowResolver resolver() {
    PodIpHistory history = new PodIpHistory();
    for (int i = 0; i < 256; i += 3) {
      history.record("10.244.1." + i, new PodKey("shop", "web-" + i), LONG_AGO, null);
    }
    history.record("2001:db8::7", new PodKey("x", "v6-7"), LONG_AGO, null);
    if (hints) {
      return FlowResolver.withHints(
          history,
          new Hinted(),
          ns -> ns.equals("shop") || ns.equals("kube-system") || ns.equals("café"),
          () -> 0L);
    }
    return new FlowResolver(
        history,
        pod -> Optional.ofNullable(workloads.get(pod)),
        ns -> ns.equals("shop") || ns.equals("kube-system") || ns.equals("café"));
  }

  HubbleLineLearnerAgreesWithGeneralPathTest() {
    for (int i = 0; i < 256; i += 3) {
      workloads.put(new PodKey("shop", "web-" + i), new WorkloadRef("shop", "web", "Deployment"));
    }
    workloads.put(new PodKey("x", "v6-7"), new WorkloadRef("x", "v6", "Deployment"));
    // the generator's pod names are a text, '-' and a number below 100
    for (String ns : List.of("shop", "kube-system", "café", "x", "slash/ok")) {
      for (String text : List.of("shop", "kube-system", "x", "slash/ok", "café", "FORWARDED")) {
        for (int n = 0; n < 100; n += 2) {
          workloads.put(
              new PodKey(ns, text + "-" + n), new WorkloadRef(ns, text + "-app", "Deployment"));
        }
      }
    }
  }

  private record Learned(IngestStats stats, Object edges) {}

  @Property(tries = 150)
  void learnsWhatTheGeneralPathLearnsFromTheSameLines(@ForAll long seed) throws IOException {
    hints = false;
    agrees(seed);
  }

  /** With a resolver that reads hints, each pod's first line goes the general way, read whole. */
  @Property(tries = 150)
  void learnsWhatTheGeneralPathLearnsWhenHintsDecidePods(@ForAll long seed) throws IOException {
    hints = true;
    agrees(seed);
  }

  private void agrees(long seed) throws IOException {
    Random random = new Random(seed);
    HubbleParserAgreesWithTreeReferenceTest.LineGenerator generator =
        new HubbleParserAgreesWithTreeReferenceTest.LineGenerator(random, random.nextBoolean());
    List<byte[]> lines = new ArrayList<>();
    // about 140 KB: lines straddle the reader's 64 KB buffer
    for (int i = 0; i < 100; i++) {
      lines.add(
          random.nextInt(30) == 0 ? " \t".getBytes(StandardCharsets.UTF_8) : generator.line());
    }
    boolean crlf = random.nextBoolean();

    Learned fast = fast(lines, crlf);
    Learned general = general(lines, crlf);

    assertThat(fast.stats().accepted()).as("DEBUGA").isEqualTo(general.stats().accepted());
    assertThat(fast.stats().skipped()).as("DEBUGS").isEqualTo(general.stats().skipped());
    assertThat(fast.stats().unresolved()).as("DEBUGU").isEqualTo(general.stats().unresolved());
    assertThat(comparable(fast.stats())).isEqualTo(comparable(general.stats()));
    assertThat(fast.edges()).isEqualTo(general.edges());
  }

  private Learned fast(List<byte[]> lines, boolean crlf) throws IOException {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      joined.writeBytes(line);
      if (crlf) {
        joined.write('\r');
      }
      joined.write('\n');
    }
    EdgeStore store = new EdgeStore();
    IngestCounter counter = new IngestCounter();
    new FlowReader()
        .read(
            new ByteArrayInputStream(joined.toByteArray()),
            FlowFormat.HUBBLE,
            new FlowLearner(resolver(), store, counter),
            counter);
    return new Learned(counter.snapshot(), edges(store));
  }

  private Learned general(List<byte[]> lines, boolean crlf) {
    // with hints, the general way reads each line whole (the ingestion parser drops labels)
    FlowReader reader =
        hints
            ? new FlowReader(
                new HubbleJsonParser(),
                new HubbleFlowInterpreter(),
                new GenericFlowParser(),
                FlowReader.DEFAULT_MAX_LINE_BYTES)
            : new FlowReader();
    EdgeStore store = new EdgeStore();
    IngestCounter counter = new IngestCounter();
    FlowLearner learner = new FlowLearner(resolver(), store, counter);
    for (byte[] generated : lines) {
      // the line as the reader sees it: its own bytes, less one '\r' before the newline
      byte[] line = crlf ? java.util.Arrays.copyOf(generated, generated.length + 1) : generated;
      if (crlf) {
        line[generated.length] = '\r';
      }
      if (blank(line)) {
        counter.blankLine();
        continue;
      }
      int len = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
      Outcome<FlowRecord> outcome = reader.parseLine(line, 0, len, FlowFormat.HUBBLE);
      if (outcome instanceof Outcome.Accepted<FlowRecord> a) {
        counter.accepted();
        learner.learn(a.value(), () -> FlowReader.example(line, 0, len)); // the line, as examples
      } else {
        counter.count(outcome, () -> FlowReader.example(line, 0, len));
      }
    }
    return new Learned(counter.snapshot(), edges(store));
  }

  private static boolean blank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** The stats, with syntax errors' byte positions: both paths count them from the line's start. */
  private static List<Object> comparable(IngestStats s) {
    return List.of(s.accepted(), s.blankLines(), s.skipped(), s.unresolved(), s.rejected());
  }

  /** The edges in an order-free form: a snapshot lists them in hash order. */
  private static Object edges(EdgeStore store) {
    EdgeSnapshot s = store.snapshot();
    return List.of(
        new HashSet<>(s.learned()), new HashSet<>(s.dropped()), new HashSet<>(s.audited()));
  }
}
