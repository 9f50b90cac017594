package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.workload.WorkloadRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A restart in the middle of learning: the edges learned so far are encoded (as the operator would
 * store them), the process "dies", a new store is loaded from the chunks and ingestion goes on. The
 * result must equal an uninterrupted run.
 */
class LearningRestartTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** Recorded Hubble lines and generated ones: pods, world peers with names, drops, audits. */
  private static List<String> stream() {
    List<String> lines = new ArrayList<>(Recorded.lines());
    Random random = new Random(11);
    String[] verdicts = {"FORWARDED", "FORWARDED", "FORWARDED", "DROPPED", "AUDIT"};
    for (int i = 0; i < 400; i++) {
      int src = random.nextInt(6);
      int dst = random.nextInt(6);
      String time = T0.plusMillis(random.nextInt(3_600_000)).toString();
      String dstSide =
          dst == 5
              ? "\"destination\":{\"labels\":[\"reserved:world\"]},\"destination_names\":[\"n"
                  + random.nextInt(3)
                  + ".example\"]"
              : "\"destination\":{\"namespace\":\"shop\",\"pod_name\":\"app" + dst + "-1\"}";
      lines.add(
          "{\"flow\":{\"time\":\""
              + time
              + "\",\"verdict\":\""
              + verdicts[random.nextInt(verdicts.length)]
              + "\",\"IP\":{\"source\":\"10.0.0."
              + src
              + "\",\"destination\":\""
              + (dst == 5 ? "198.51.100." + random.nextInt(2) : "10.0.0." + dst)
              + "\"},\"l4\":{\"TCP\":{\"destination_port\":"
              + (8080 + random.nextInt(2))
              + ",\"flags\":{\"SYN\":true}}},\"source\":{\"namespace\":\"shop\",\"pod_name\":\"app"
              + src
              + "-1\"},"
              + dstSide
              + ",\"is_reply\":false}}");
    }
    return lines;
  }

  private static FlowLearner learner(EdgeStore store) {
    PodIpHistory history = new PodIpHistory();
    history.record("10.244.3.23", new PodKey("batch", "report-1"), T0.minusSeconds(7200), T0);
    history.record("10.244.3.23", new PodKey("batch", "export-9"), T0.plusSeconds(1800), null);
    FlowResolver resolver =
        new FlowResolver(
            history,
            pod ->
                Optional.of(
                    new WorkloadRef(
                        pod.namespace(), pod.name().replaceAll("-[^-]+$", ""), "Deployment")),
            ns -> ns.equals("shop"));
    return new FlowLearner(resolver, store, new IngestCounter());
  }

  private static void ingest(List<String> lines, EdgeStore store) throws IOException {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    new FlowReader()
        .read(
            new ByteArrayInputStream(bytes),
            FlowFormat.HUBBLE,
            learner(store),
            new IngestCounter());
  }

  @Property(tries = 25)
  void edgesAfterARestartEqualEdgesOfAnUninterruptedRun(
      @ForAll @IntRange(min = 0, max = 415) int restartAt,
      @ForAll @IntRange(min = EdgeCodec.MIN_CHUNK_BYTES, max = 2048) int chunkBytes)
      throws Exception {
    List<String> lines = stream();
    EdgeStore uninterrupted = new EdgeStore();
    ingest(lines, uninterrupted);

    EdgeStore before = new EdgeStore();
    ingest(lines.subList(0, restartAt), before);
    EdgeCodec codec = new EdgeCodec(chunkBytes);
    List<byte[]> stored = codec.encode(before.snapshot());
    EdgeStore after = new EdgeStore(); // a new process: nothing but the stored chunks survive
    after.addAll(codec.decode(stored));
    ingest(lines.subList(restartAt, lines.size()), after);

    EdgeSnapshot expected = uninterrupted.snapshot();
    assertThat(expected.learned()).isNotEmpty();
    assertThat(expected.dropped()).isNotEmpty();
    assertThat(expected.audited()).isNotEmpty();
    assertThat(after.snapshot()).isEqualTo(expected);
  }
}
