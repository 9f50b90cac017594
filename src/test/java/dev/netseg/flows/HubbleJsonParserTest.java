package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HubbleJsonParserTest {
  private final HubbleJsonParser parser = new HubbleJsonParser();

  private HubbleFlow accepted(String line) {
    Outcome<HubbleFlow> outcome = parser.parse(line);
    assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
    return ((Outcome.Accepted<HubbleFlow>) outcome).value();
  }

  @Test
  void readsEveryFieldNetsegUsesFromARecordedLine() {
    HubbleFlow flow = accepted(Recorded.line(Recorded.SYN));

    assertThat(flow.time()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456789Z"));
    assertThat(flow.verdict()).isEqualTo("FORWARDED");
    assertThat(flow.sourceIp()).isEqualTo("10.244.1.5");
    assertThat(flow.destinationIp()).isEqualTo("10.244.2.7");
    assertThat(flow.l4Protocol()).isEqualTo("TCP");
    assertThat(flow.sourcePort()).isEqualTo(43210);
    assertThat(flow.destinationPort()).isEqualTo(8080);
    assertThat(flow.tcpSyn()).isTrue();
    assertThat(flow.tcpAck()).isFalse();
    assertThat(flow.isReply()).isFalse();
    assertThat(flow.trafficDirection()).isEqualTo("EGRESS");
    assertThat(flow.nodeName()).isEqualTo("kind-worker");
    assertThat(flow.source().namespace()).isEqualTo("shop");
    assertThat(flow.source().podName()).isEqualTo("frontend-7d9f8c6b5-x2x7q");
    assertThat(flow.source().identity()).isEqualTo(34001L);
    assertThat(flow.source().labels()).contains("k8s:app=frontend").hasSize(5);
    assertThat(flow.source().workloadName()).isEqualTo("frontend");
    assertThat(flow.source().workloadKind()).isEqualTo("Deployment");
    assertThat(flow.destination().podName()).isEqualTo("checkout-5c7b9d8f4-qr8zt");
    assertThat(flow.sourceNames()).isEmpty();
  }

  @Test
  void readsWorldPeerWithItsDnsNames() {
    HubbleFlow flow = accepted(Recorded.line(Recorded.WORLD_WITH_NAMES));

    assertThat(flow.destination().labels()).containsExactly("reserved:world");
    assertThat(flow.destination().podName()).isNull();
    assertThat(flow.destinationIp()).isEqualTo("203.0.113.10");
    assertThat(flow.destinationNames()).containsExactly("api.stripe.com");
  }

  @Test
  void readsSynAckFlagsAndIsReply() {
    HubbleFlow flow = accepted(Recorded.line(Recorded.SYN_ACK_REPLY));

    assertThat(flow.tcpSyn()).isTrue();
    assertThat(flow.tcpAck()).isTrue();
    assertThat(flow.isReply()).isTrue();
  }

  @Test
  void leavesIsReplyNullWhenHubbleDidNotSay() {
    HubbleFlow flow = accepted(Recorded.line(Recorded.DROPPED_POLICY_DENIED));

    assertThat(flow.isReply()).isNull();
    assertThat(flow.verdict()).isEqualTo("DROPPED");
  }

  @Test
  void acceptsABareFlowObjectWithTheSameFields() {
    String wrapped = Recorded.line(Recorded.SYN);
    String bare =
        wrapped.substring(
            "{\"flow\":".length(), wrapped.indexOf(",\"node_name\":\"kind-worker\",\"time\""));

    assertThat(accepted(bare)).isEqualTo(accepted(wrapped));
  }

  @Test
  void takesTheFlowTimeOverTheResponseTimeAndFallsBackToIt() {
    String both =
        "{\"flow\":{\"time\":\"2024-05-01T10:00:00Z\",\"verdict\":\"FORWARDED\"},"
            + "\"time\":\"2024-05-01T10:00:09Z\"}";
    String outerOnly = "{\"flow\":{\"verdict\":\"FORWARDED\"},\"time\":\"2024-05-01T10:00:09Z\"}";

    assertThat(accepted(both).time()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(accepted(outerOnly).time()).isEqualTo(Instant.parse("2024-05-01T10:00:09Z"));
  }

  @Test
  void rejectsABadResponseTimeOnlyWhenTheFlowHasNoTimeOfItsOwn() {
    String flowTimeOnly = "{\"flow\":{\"time\":\"2024-05-01T10:00:00Z\"},\"time\":\"not a time\"}";
    String noFlowTime = "{\"flow\":{\"verdict\":\"FORWARDED\"},\"time\":\"not a time\"}";

    assertThat(accepted(flowTimeOnly).time()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(parser.parse(noFlowTime))
        .isEqualTo(
            Outcome.rejected(RejectReason.BAD_TIME, "time: 'not a time' is not an RFC 3339 time"));
  }

  @Test
  void skipsUnknownFieldsOfEveryShapeAndTreatsNullAsAbsent() {
    String line =
        "{\"flow\":{\"future\":{\"a\":[1,{\"b\":[true,null]}]},\"verdict\":\"FORWARDED\","
            + "\"IP\":{\"source\":\"10.0.0.1\",\"encrypted\":true,\"destination\":null},"
            + "\"l4\":{\"TCP\":{\"destination_port\":80,\"flags\":{\"SYN\":true,\"ECE\":false}}},"
            + "\"is_reply\":null,\"Summary\":\"x\"},\"extra\":[\"y\"]}";

    HubbleFlow flow = accepted(line);

    assertThat(flow.sourceIp()).isEqualTo("10.0.0.1");
    assertThat(flow.destinationIp()).isNull();
    assertThat(flow.isReply()).isNull();
    assertThat(flow.destinationPort()).isEqualTo(80);
  }

  @Test
  void takesTheFirstWorkloadOfSeveral() {
    String line =
        "{\"flow\":{\"source\":{\"namespace\":\"a\",\"pod_name\":\"p\",\"workloads\":"
            + "[{\"name\":\"job-1\",\"kind\":\"Job\"},{\"name\":\"cron\",\"kind\":\"CronJob\"}]}}}";

    HubbleFlow flow = accepted(line);

    assertThat(flow.source().workloadName()).isEqualTo("job-1");
    assertThat(flow.source().workloadKind()).isEqualTo("Job");
  }

  @Test
  void lostEventsIsSkippedAsNotAFlow() {
    assertThat(parser.parse(Recorded.line(Recorded.LOST_EVENTS)))
        .isEqualTo(Outcome.skipped(SkipReason.NOT_A_FLOW, "lost_events"));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("{\"flow\":{\"verdict\":FORWARDED}}", RejectReason.BAD_JSON, "FORWARDED"),
        Arguments.of("{\"flow\":{\"verdict\":\"FORWARDED\"", RejectReason.TRUNCATED, ""),
        Arguments.of("{\"flow\":{\"verdict\":\"FORW", RejectReason.TRUNCATED, ""),
        Arguments.of("{\"flow\":{\"verdict\":1}}", RejectReason.WRONG_TYPE, "flow.verdict"),
        Arguments.of(
            "{\"flow\":{\"l4\":{\"TCP\":{\"destination_port\":\"80\"}}}}",
            RejectReason.WRONG_TYPE,
            "flow.l4.TCP.destination_port: expected an integer, got a string"),
        Arguments.of(
            "{\"flow\":{\"l4\":{\"UDP\":{\"destination_port\":53.5}}}}",
            RejectReason.WRONG_TYPE,
            "flow.l4.UDP.destination_port"),
        Arguments.of(
            "{\"flow\":{\"l4\":{\"TCP\":{\"destination_port\":99999999999}}}}",
            RejectReason.PORT_OUT_OF_RANGE,
            "99999999999"),
        Arguments.of("{\"flow\":{\"is_reply\":\"true\"}}", RejectReason.WRONG_TYPE, "is_reply"),
        Arguments.of(
            "{\"flow\":{\"l4\":{\"TCP\":{\"flags\":{\"SYN\":1}}}}}",
            RejectReason.WRONG_TYPE,
            "flow.l4.TCP.flags.SYN"),
        Arguments.of(
            "{\"flow\":{\"source\":{\"labels\":\"k8s:app=x\"}}}",
            RejectReason.WRONG_TYPE,
            "flow.source.labels"),
        Arguments.of(
            "{\"flow\":{\"destination_names\":[\"a\",7]}}",
            RejectReason.WRONG_TYPE,
            "flow.destination_names[1]"),
        Arguments.of("{\"flow\":{\"source\":[]}}", RejectReason.WRONG_TYPE, "flow.source"),
        Arguments.of("{\"flow\":\"x\"}", RejectReason.WRONG_TYPE, "flow"),
        Arguments.of("[1,2]", RejectReason.WRONG_TYPE, "expected a JSON object"),
        Arguments.of(
            "{\"flow\":{\"time\":\"yesterday\"}}", RejectReason.BAD_TIME, "flow.time: 'yesterday'"),
        Arguments.of("{\"flow\":{}} {\"flow\":{}}", RejectReason.BAD_JSON, "after"),
        Arguments.of("{\"node_name\":\"n\"}", RejectReason.MISSING_FIELD, "flow"),
        Arguments.of("", RejectReason.BAD_JSON, "empty"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedLinesWithAReasonThatNamesTheField(
      String line, RejectReason reason, String detailPart) {
    Outcome<HubbleFlow> outcome = parser.parse(line);

    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    Outcome.Rejected<HubbleFlow> rejected = (Outcome.Rejected<HubbleFlow>) outcome;
    assertThat(rejected.reason()).isEqualTo(reason);
    assertThat(rejected.detail()).contains(detailPart);
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] line =
        "{\"flow\":{\"verdict\":\"FORWARDED\u00ff\"}}".getBytes(StandardCharsets.ISO_8859_1);

    Outcome<HubbleFlow> outcome = parser.parse(line, 0, line.length);

    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected<HubbleFlow>) outcome).reason()).isEqualTo(RejectReason.NOT_UTF8);
  }

  @Property(tries = 300)
  void everyTruncationOfARecordedLineIsRejectedAsTruncated(
      @ForAll @IntRange(min = 0, max = 14) int which, @ForAll @IntRange(min = 1) int cutSeed) {
    byte[] line = Recorded.line(which).getBytes(StandardCharsets.UTF_8);
    int cut = 1 + cutSeed % (line.length - 1); // strictly inside the line

    Outcome<HubbleFlow> outcome = parser.parse(line, 0, cut);

    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected<HubbleFlow>) outcome).reason())
        .isIn(RejectReason.TRUNCATED, RejectReason.BAD_JSON);
  }

  @Property(tries = 500)
  void corruptedBytesNeverEscapeAsAnException(
      @ForAll @IntRange(min = 0, max = 14) int which,
      @ForAll List<@IntRange(min = 0, max = 100_000) Integer> positions,
      @ForAll byte value) {
    byte[] line = Recorded.line(which).getBytes(StandardCharsets.UTF_8);
    for (int p : positions) {
      line[p % line.length] = value;
    }

    Outcome<HubbleFlow> outcome = parser.parse(line, 0, line.length);

    assertThat(outcome).isNotNull();
  }
}
