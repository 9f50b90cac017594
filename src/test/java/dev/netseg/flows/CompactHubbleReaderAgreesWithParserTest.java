package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CompactHubbleReader} against {@link HubbleJsonParser#readLine}, the reader it stands in
 * for: whenever it reads a line, the parser must read the same line to the same newline and leave
 * the same draft; it may decline any line (the parser then reads it). One reader reads every line
 * of a run, so its guesses of the next field name are wrong whenever the generator shuffles fields.
 */
class CompactHubbleReaderAgreesWithParserTest {

  private final HubbleJsonParser parser = HubbleJsonParser.forIngestion();
  private final CompactHubbleReader compact = parser.compactReader();

  @Property(tries = 200)
  void readsWhatTheParserReadsOrDeclines(@ForAll long seed) {
    Random random = new Random(seed);
    HubbleParserAgreesWithTreeReferenceTest.LineGenerator generator =
        new HubbleParserAgreesWithTreeReferenceTest.LineGenerator(random, random.nextBoolean());
    for (int k = 0; k < 50; k++) {
      agreeOn(generator.line(), random);
    }
  }

  @Test
  void readsMostCompactLinesAndAgreesOnEach() {
    Random random = new Random(7);
    HubbleParserAgreesWithTreeReferenceTest.LineGenerator generator =
        new HubbleParserAgreesWithTreeReferenceTest.LineGenerator(random, true);
    int read = 0;
    int readByParser = 0;
    for (int k = 0; k < 3000; k++) {
      Agreement a = agreeOn(generator.line(), random);
      read += a.compactRead ? 1 : 0;
      readByParser += a.parserRead ? 1 : 0;
    }
    // The generator corrupts, escapes and leaves out fields often; what is left must still be
    // read here, or this test would show nothing.
    assertThat(readByParser).isGreaterThan(500);
    assertThat(read).isGreaterThan(readByParser / 3);
  }

  @Test
  void readsLinesAsHubbleWritesThem() {
    for (String line : HUBBLE_LINES) {
      Agreement a = agreeOn(line.getBytes(StandardCharsets.UTF_8), new Random(1));
      assertThat(a.compactRead).as(line).isTrue();
    }
  }

  @Test
  void labelsOfAnIdentitySeenBeforeAreStillCompared() {
    String before = "{\"flow\":{\"source\":{\"identity\":7,\"labels\":";
    String after = ",\"pod_name\":\"web-1\",\"namespace\":\"shop\"}}}";
    String[] labels = {
      "[\"k8s:app=a\",\"k8s:x=y\"]", // checked, then remembered for identity 7
      "[\"k8s:app=a\",\"k8s:x=y\"]", // the same bytes: passed without a scan
      "[\"k8s:app=b\"]", // another array for the same identity
      "[\"k8s:app=b\"]",
      "[\"k8s:app=b\",]", // not JSON
      "[\"k8s:app=b\"]]", // the remembered bytes, then garbage
      "[\"k8s:app=b\"", // the remembered bytes cut short
      "[\"k8s:app=a\",\"k8s:x=y\"]"
    };
    boolean[] read = {true, true, true, true, false, false, false, true};
    for (int k = 0; k < labels.length; k++) {
      Agreement a =
          agreeOn((before + labels[k] + after).getBytes(StandardCharsets.UTF_8), new Random(k));
      assertThat(a.compactRead).as(labels[k]).isEqualTo(read[k]);
    }
  }

  /** Lines it must leave to the parser, whatever the parser then makes of them. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"flow\": {\"verdict\":\"FORWARDED\"}}", // whitespace
        "{\"flow\":{\"verdict\":\"FORWARDED\"}} ", // whitespace before the newline
        "{\"flow\":{\"verdict\":\"FORW\\u0041RDED\"}}", // an escape
        "{\"flow\":{\"source\":{\"namespace\":\"café\"}}}", // non-ASCII
        "{\"flow\":{\"l4\":{\"TCP\":{\"destination_port\":80.0}}}}", // a fraction
        "{\"flow\":{\"l4\":{\"TCP\":{\"destination_port\":-1}}}}", // a sign
        "{\"flow\":{\"l4\":{\"TCP\":{\"destination_port\":08}}}}", // a leading zero
        "{\"flow\":{\"l4\":{\"TCP\":{\"destination_port\":2147483648}}}}", // too many digits
        "{\"flow\":{\"x\":1e5}}", // an exponent
        "{\"flow\":{\"verdict\":\"MAYBE\"}}", // an unknown verdict
        "{\"verdict\":\"FORWARDED\"}", // a bare flow
        "{\"flow\":{},\"flow\":{}}", // the flow twice
        "{\"flow\":{},\"time\":\"2024-05-01T10:00:00Z\",\"time\":\"2024-05-01T10:00:00Z\"}",
        "{\"node_status\":{}}",
        "{\"flow\":{\"time\":\"yesterday\"}}",
        "{\"flow\":{\"time\":1}}",
        "{\"flow\":{\"is_reply\":\"yes\"}}",
        "{\"flow\":{\"IP\":[]}}",
        "{\"flow\":{\"l4\":{\"ICMPv4\":3}}}",
        "{\"flow\":{\"source\":{\"labels\":[1]}}}",
        "{\"flow\":{\"source\":{\"workloads\":[\"x\"]}}}",
        "{\"flow\":{\"x\":[1,]}}",
        "{\"flow\":{\"x\":{\"a\":1,}}}",
        "{\"flow\":{,}}",
        "{\"flow\":{\"x\" :1}}",
        "{\"flow\":{\"x\":tru}}",
        "{\"flow\":{\"x\":nul}}",
        "{\"flow\":{}}}",
        "{\"flow\":{}",
        " {\"flow\":{}}",
        "\uFEFF{\"flow\":{}}",
        "[]",
        ""
      })
  void declines(String line) {
    byte[] buf = (line + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(compact.readLine(buf, 0, buf.length, new HubbleJsonParser.Draft())).isEqualTo(-1);
    // a whole line declined for what it holds, not for where the data ends
    assertThat(compact.wasCut()).isFalse();
    agreeOn(line.getBytes(StandardCharsets.UTF_8), new Random(2));
  }

  @Test
  void declinesWhatTheDataCutsOrNestsTooDeep() {
    byte[] line = (HUBBLE_LINES.get(0) + "\n").getBytes(StandardCharsets.UTF_8);
    HubbleJsonParser.Draft d = new HubbleJsonParser.Draft();
    for (int cut = 0; cut < line.length; cut++) {
      assertThat(compact.readLine(line, 0, cut, d)).as("cut at %d", cut).isEqualTo(-1);
      assertThat(compact.wasCut()).as("cut at %d", cut).isTrue();
      assertThat(parser.readLine(line, 0, cut, d)).as("cut at %d", cut).isEqualTo(-1);
    }
    assertThat(compact.readLine(line, 0, line.length, d)).isEqualTo(line.length - 1);
    assertThat(compact.wasCut()).isFalse();

    String deep = "{\"flow\":{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}}\n";
    byte[] buf = deep.getBytes(StandardCharsets.UTF_8);
    assertThat(compact.readLine(buf, 0, buf.length, d)).isEqualTo(-1);
    assertThat(parser.readLine(buf, 0, buf.length, d)).isEqualTo(buf.length - 1);
  }

  private record Agreement(boolean compactRead, boolean parserRead) {}

  /**
   * Puts the line, a newline and (at random) more bytes in a buffer with bytes before it, and reads
   * it both ways.
   */
  private Agreement agreeOn(byte[] line, Random random) {
    int off = random.nextInt(3);
    byte[] tail = random.nextBoolean() ? new byte[0] : "{\"flow\":{}}\n".getBytes();
    byte[] buf = new byte[off + line.length + 1 + tail.length + random.nextInt(9)];
    Arrays.fill(buf, (byte) '"');
    System.arraycopy(line, 0, buf, off, line.length);
    buf[off + line.length] = '\n';
    System.arraycopy(tail, 0, buf, off + line.length + 1, tail.length);
    int end = off + line.length + 1 + tail.length;

    HubbleJsonParser.Draft fast = new HubbleJsonParser.Draft();
    HubbleJsonParser.Draft reference = new HubbleJsonParser.Draft();
    int fastEnd = compact.readLine(buf, off, end, fast);
    int referenceEnd = parser.readLine(buf, off, end, reference);
    String shown = new String(line, StandardCharsets.UTF_8);
    if (fastEnd >= 0) {
      assertThat(fastEnd).as(shown).isEqualTo(referenceEnd);
      assertThat(describe(fast, buf)).as(shown).isEqualTo(describe(reference, buf));
    }
    return new Agreement(fastEnd >= 0, referenceEnd >= 0);
  }

  /** Every field of a draft, spans as their text. */
  static String describe(HubbleJsonParser.Draft d, byte[] buf) {
    return String.join(
        "|",
        "sawFlow=" + d.sawFlow,
        "otherEvent=" + d.otherEvent,
        "flowTime=" + d.flowTime,
        "outerTimeText=" + span(d.outerTimeText, buf),
        "outerTime=" + d.outerTime,
        "badOuterTime=" + (d.badOuterTime == null ? null : d.badOuterTime.reason),
        "flowNode=" + d.flowNode,
        "outerNode=" + d.outerNode,
        "verdict=" + d.verdict,
        "sourceIp=" + span(d.sourceIp, buf),
        "destinationIp=" + span(d.destinationIp, buf),
        "source=" + endpoint(d.source, buf),
        "destination=" + endpoint(d.destination, buf),
        "l4=" + d.l4Protocol,
        "sourcePort=" + d.sourcePort,
        "destinationPort=" + (d.hasDestinationPort ? d.destinationPort : "none"),
        "syn=" + d.syn,
        "ack=" + d.ack,
        "isReply=" + d.isReply,
        "direction=" + d.trafficDirection,
        "sourceNames=" + d.sourceNames,
        "destinationNames=" + d.destinationNames);
  }

  private static String endpoint(HubbleJsonParser.EndpointDraft e, byte[] buf) {
    return e.present
        + "/"
        + span(e.namespace, buf)
        + "/"
        + span(e.podName, buf)
        + "/"
        + e.labels
        + "/"
        + e.identity
        + "/"
        + e.workloadName
        + "/"
        + e.workloadKind;
  }

  private static String span(Span s, byte[] buf) {
    return s.present
        ? (s.plain ? "plain:" : "escaped:")
            + new String(buf, s.from, s.to - s.from, StandardCharsets.UTF_8)
        : "absent";
  }

  /** Lines in the form `hubble observe -o json` writes, one of each kind ingestion meets. */
  static final List<String> HUBBLE_LINES =
      List.of(
          "{\"flow\":{\"time\":\"2024-05-01T10:00:00.123456789Z\",\"uuid\":\"6f1c0-6a9d\","
              + "\"verdict\":\"FORWARDED\",\"ethernet\":{\"source\":\"0a:58:0a:f4:01:05\","
              + "\"destination\":\"0a:58:0a:f4:01:01\"},\"IP\":{\"source\":\"10.244.1.5\","
              + "\"destination\":\"10.244.2.7\",\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":"
              + "{\"source_port\":40312,\"destination_port\":8080,\"flags\":{\"SYN\":true}}},"
              + "\"source\":{\"ID\":1234,\"identity\":20001,\"cluster_name\":\"default\","
              + "\"namespace\":\"shop\",\"labels\":[\"k8s:app=web\","
              + "\"k8s:io.kubernetes.pod.namespace=shop\"],\"pod_name\":\"web-7d9f8c6b5-x2x4z\","
              + "\"workloads\":[{\"name\":\"web\",\"kind\":\"Deployment\"}]},\"destination\":"
              + "{\"ID\":2345,\"identity\":20002,\"namespace\":\"shop\",\"labels\":"
              + "[\"k8s:app=cart\"],\"pod_name\":\"cart-5c6d7-abcde\",\"workloads\":[{\"name\":"
              + "\"cart\",\"kind\":\"Deployment\"}]},\"Type\":\"L3_L4\",\"node_name\":\"worker-1\","
              + "\"event_type\":{\"type\":4,\"sub_type\":3},\"traffic_direction\":\"EGRESS\","
              + "\"trace_observation_point\":\"TO_ENDPOINT\",\"is_reply\":false,\"interface\":"
              + "{\"index\":12,\"name\":\"lxc1a2b3c4d\"},\"Summary\":\"TCP Flags: SYN\"},"
              + "\"node_name\":\"worker-1\",\"time\":\"2024-05-01T10:00:00.123456789Z\"}",
          "{\"flow\":{\"time\":\"2024-05-01T10:00:01Z\",\"verdict\":\"DROPPED\",\"drop_reason\":133,"
              + "\"drop_reason_desc\":\"POLICY_DENIED\",\"IP\":{\"source\":\"10.244.1.5\","
              + "\"destination\":\"10.244.2.7\"},\"l4\":{\"TCP\":{\"source_port\":40313,"
              + "\"destination_port\":8080,\"flags\":{\"SYN\":true}}},\"source\":{\"namespace\":"
              + "\"shop\",\"pod_name\":\"web-1\"},\"destination\":{\"namespace\":\"shop\","
              + "\"pod_name\":\"cart-1\"},\"event_type\":{\"type\":1,\"sub_type\":133}}}",
          "{\"flow\":{\"time\":\"2024-05-01T10:00:02Z\",\"verdict\":\"FORWARDED\",\"IP\":"
              + "{\"source\":\"10.244.2.7\",\"destination\":\"10.244.1.5\"},\"l4\":{\"TCP\":"
              + "{\"source_port\":8080,\"destination_port\":40312,\"flags\":{\"SYN\":true,"
              + "\"ACK\":true}}},\"source\":{\"namespace\":\"shop\",\"pod_name\":\"cart-1\"},"
              + "\"destination\":{\"namespace\":\"shop\",\"pod_name\":\"web-1\"},"
              + "\"is_reply\":true}}",
          "{\"flow\":{\"time\":\"2024-05-01T10:00:03Z\",\"verdict\":\"FORWARDED\",\"IP\":"
              + "{\"source\":\"10.244.1.5\",\"destination\":\"203.0.113.9\"},\"l4\":{\"TCP\":"
              + "{\"source_port\":40999,\"destination_port\":443,\"flags\":{\"SYN\":true}}},"
              + "\"source\":{\"namespace\":\"shop\",\"pod_name\":\"web-1\"},\"destination\":"
              + "{\"identity\":2,\"labels\":[\"reserved:world\"]},\"destination_names\":"
              + "[\"api.example.com\",\"api2.example.com\"],\"is_reply\":false}}",
          "{\"flow\":{\"time\":\"2024-05-01T10:00:04Z\",\"verdict\":\"AUDIT\",\"IP\":"
              + "{\"source\":\"10.244.1.5\",\"destination\":\"10.96.0.10\"},\"l4\":{\"UDP\":"
              + "{\"source_port\":53124,\"destination_port\":53}},\"source\":{\"namespace\":"
              + "\"shop\",\"pod_name\":\"web-1\"},\"destination\":{\"namespace\":\"kube-system\","
              + "\"pod_name\":\"coredns-1\"},\"traffic_direction\":null,\"reply\":null}}",
          "{\"flow\":{\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.244.1.5\","
              + "\"destination\":\"10.244.2.7\"},\"l4\":{\"ICMPv4\":{\"type\":8}},\"source\":"
              + "{\"namespace\":\"shop\",\"pod_name\":\"web-1\"},\"destination\":{\"namespace\":"
              + "\"shop\",\"pod_name\":\"cart-1\"}},\"time\":\"2024-05-01T10:00:05Z\"}");
}
