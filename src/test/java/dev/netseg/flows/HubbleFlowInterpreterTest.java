package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HubbleFlowInterpreterTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
  private final HubbleJsonParser parser = new HubbleJsonParser();
  private final HubbleFlowInterpreter interpreter = new HubbleFlowInterpreter();

  private Outcome<FlowRecord> recorded(int index) {
    Outcome<HubbleFlow> parsed = parser.parse(Recorded.line(index));
    assertThat(parsed).isInstanceOf(Outcome.Accepted.class);
    return interpreter.interpret(((Outcome.Accepted<HubbleFlow>) parsed).value());
  }

  private static FlowRecord value(Outcome<FlowRecord> outcome) {
    assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
    return ((Outcome.Accepted<FlowRecord>) outcome).value();
  }

  static Stream<Arguments> recordedOutcomes() {
    return Stream.of(
        Arguments.of(Recorded.SYN_ACK_REPLY, SkipReason.REPLY),
        Arguments.of(Recorded.ACK_ONLY, SkipReason.NOT_CONNECTION_START),
        Arguments.of(Recorded.UDP_ANSWER, SkipReason.REPLY),
        Arguments.of(Recorded.ICMP, SkipReason.UNSUPPORTED_PROTOCOL));
  }

  @ParameterizedTest
  @MethodSource("recordedOutcomes")
  void skipsRecordedLinesThatAreNotConnectionAttempts(int line, SkipReason reason) {
    Outcome<FlowRecord> outcome = recorded(line);

    assertThat(outcome).isInstanceOf(Outcome.Skipped.class);
    assertThat(((Outcome.Skipped<FlowRecord>) outcome).reason()).isEqualTo(reason);
  }

  @Test
  void takesTheInitiatingSynWithPodsOnBothSides() {
    FlowRecord r = value(recorded(Recorded.SYN));

    assertThat(r)
        .isEqualTo(
            new FlowRecord(
                Instant.parse("2024-05-01T10:00:00.123456789Z"),
                FlowEndpoint.pod("shop", "frontend-7d9f8c6b5-x2x7q", "10.244.1.5"),
                FlowEndpoint.pod("shop", "checkout-5c7b9d8f4-qr8zt", "10.244.2.7"),
                Protocol.TCP,
                8080,
                FlowVerdict.FORWARDED));
  }

  @Test
  void takesUdpQueriesOnTheServerPort() {
    FlowRecord r = value(recorded(Recorded.UDP_QUERY));

    assertThat(r.protocol()).isEqualTo(Protocol.UDP);
    assertThat(r.port()).isEqualTo(53);
    assertThat(r.destination().pod()).contains("coredns-76f75df574-9kq2m");
  }

  @Test
  void keepsPolicyDropsAndAuditsAsAttemptsWithTheirVerdict() {
    assertThat(value(recorded(Recorded.DROPPED_POLICY_DENIED)).verdict())
        .isEqualTo(FlowVerdict.DROPPED);
    assertThat(value(recorded(Recorded.AUDIT)).verdict()).isEqualTo(FlowVerdict.AUDIT);
  }

  @Test
  void makesAWorldPeerAnAddressWithItsDnsNames() {
    FlowRecord r = value(recorded(Recorded.WORLD_WITH_NAMES));

    assertThat(r.destination())
        .isEqualTo(FlowEndpoint.address("203.0.113.10", List.of("api.stripe.com")));
    assertThat(r.port()).isEqualTo(443);
  }

  @Test
  void makesAnUnmanagedPeerAnAddressForTheIpHistoryToResolve() {
    FlowRecord r = value(recorded(Recorded.REUSED_IP_EARLY));

    assertThat(r.source()).isEqualTo(FlowEndpoint.address("10.244.3.23", List.of()));
  }

  private static HubbleFlow flow(
      String verdict, String l4, Integer port, boolean syn, boolean ack, Boolean isReply) {
    return new HubbleFlow(
        T,
        verdict,
        "10.0.0.1",
        "10.0.0.2",
        new HubbleFlow.HubbleEndpoint("a", "client", List.of(), 1L, null, null),
        new HubbleFlow.HubbleEndpoint("b", "server", List.of(), 2L, null, null),
        l4,
        40000,
        port,
        syn,
        ack,
        isReply,
        "EGRESS",
        List.of(),
        List.of(),
        "node");
  }

  @ParameterizedTest
  @CsvSource({
    "FORWARDED,  FORWARDED",
    "REDIRECTED, FORWARDED",
    "DROPPED,    DROPPED",
    "AUDIT,      AUDIT",
    "ERROR,      ",
    "TRACED,     ",
    "TRANSLATED, ",
    "VERDICT_UNKNOWN, ",
    "SOMETHING_NEW, "
  })
  void mapsEveryHubbleVerdict(String hubble, FlowVerdict expected) {
    Outcome<FlowRecord> outcome =
        interpreter.interpret(flow(hubble, "TCP", 80, true, false, false));

    if (expected == null) {
      assertThat(outcome).isEqualTo(Outcome.skipped(SkipReason.NO_POLICY_VERDICT, hubble));
    } else {
      assertThat(value(outcome).verdict()).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({
    // protocol, SYN, ACK, is_reply (empty = absent), expected (empty = accepted)
    "TCP,  true,  false, false, ",
    "TCP,  true,  false,      , ",
    "TCP,  true,  true,       , REPLY",
    "TCP,  true,  true,  false, REPLY",
    "TCP,  false, true,  false, NOT_CONNECTION_START",
    "TCP,  false, true,       , NOT_CONNECTION_START",
    "TCP,  false, false,      , ",
    "TCP,  true,  false, true,  REPLY",
    "UDP,  false, false, true,  REPLY",
    "UDP,  false, false,      , ",
    "SCTP, false, false, false, ",
  })
  void takesOnlyTheInitiatingSide(
      String l4, boolean syn, boolean ack, Boolean isReply, SkipReason expected) {
    Outcome<FlowRecord> outcome =
        interpreter.interpret(flow("FORWARDED", l4, 80, syn, ack, isReply));

    if (expected == null) {
      assertThat(value(outcome).protocol()).isEqualTo(Protocol.valueOf(l4));
    } else {
      assertThat(outcome).isInstanceOf(Outcome.Skipped.class);
      assertThat(((Outcome.Skipped<FlowRecord>) outcome).reason()).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "65536", "70000"})
  void rejectsServerPortsOutOfRange(int port) {
    assertThat(interpreter.interpret(flow("FORWARDED", "TCP", port, true, false, false)))
        .isEqualTo(
            Outcome.rejected(
                RejectReason.PORT_OUT_OF_RANGE, "flow.l4.TCP.destination_port: " + port));
  }

  @Test
  void rejectsAConnectionWithoutServerPort() {
    assertThat(interpreter.interpret(flow("FORWARDED", "UDP", null, false, false, false)))
        .isEqualTo(Outcome.rejected(RejectReason.MISSING_FIELD, "flow.l4.UDP.destination_port"));
  }

  @Test
  void skipsFlowsWithoutL4() {
    assertThat(interpreter.interpret(flow("FORWARDED", null, null, false, false, false)))
        .isEqualTo(Outcome.skipped(SkipReason.UNSUPPORTED_PROTOCOL, "no L4 protocol"));
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.256", "not-an-ip", "10.0.0.0/8", "*", "''", "fe80::1%eth0", "1.2"})
  void rejectsGarbageAddresses(String ip) {
    HubbleFlow f = flow("FORWARDED", "TCP", 80, true, false, false);
    HubbleFlow bad =
        new HubbleFlow(
            f.time(),
            f.verdict(),
            f.sourceIp(),
            ip,
            f.source(),
            null,
            f.l4Protocol(),
            f.sourcePort(),
            f.destinationPort(),
            f.tcpSyn(),
            f.tcpAck(),
            f.isReply(),
            f.trafficDirection(),
            f.sourceNames(),
            f.destinationNames(),
            f.nodeName());

    Outcome<FlowRecord> outcome = interpreter.interpret(bad);

    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected<FlowRecord>) outcome).reason())
        .isEqualTo(RejectReason.BAD_ADDRESS);
    assertThat(((Outcome.Rejected<FlowRecord>) outcome).detail()).startsWith("flow.IP.destination");
  }

  @Test
  void rejectsANonPodSideWithoutAddress() {
    HubbleFlow f = flow("FORWARDED", "TCP", 80, true, false, false);
    HubbleFlow noIp =
        new HubbleFlow(
            f.time(),
            f.verdict(),
            null,
            f.destinationIp(),
            new HubbleFlow.HubbleEndpoint(null, null, List.of("reserved:world"), 2L, null, null),
            f.destination(),
            f.l4Protocol(),
            f.sourcePort(),
            f.destinationPort(),
            f.tcpSyn(),
            f.tcpAck(),
            f.isReply(),
            f.trafficDirection(),
            f.sourceNames(),
            f.destinationNames(),
            f.nodeName());

    assertThat(interpreter.interpret(noIp))
        .isEqualTo(
            Outcome.rejected(
                RejectReason.MISSING_FIELD, "flow.IP.source (the source is not a pod)"));
  }

  @Test
  void rejectsAFlowWithoutTimeOrVerdict() {
    HubbleFlow f = flow("FORWARDED", "TCP", 80, true, false, false);
    HubbleFlow noTime =
        new HubbleFlow(
            null,
            f.verdict(),
            f.sourceIp(),
            f.destinationIp(),
            f.source(),
            f.destination(),
            f.l4Protocol(),
            f.sourcePort(),
            f.destinationPort(),
            f.tcpSyn(),
            f.tcpAck(),
            f.isReply(),
            f.trafficDirection(),
            f.sourceNames(),
            f.destinationNames(),
            f.nodeName());

    assertThat(interpreter.interpret(noTime))
        .isEqualTo(Outcome.rejected(RejectReason.MISSING_FIELD, "flow.time"));
    assertThat(interpreter.interpret(flow(null, "TCP", 80, true, false, false)))
        .isEqualTo(Outcome.rejected(RejectReason.MISSING_FIELD, "flow.verdict"));
  }

  @Test
  void writesAddressesInCanonicalForm() {
    HubbleFlow f = flow("FORWARDED", "TCP", 80, true, false, false);
    HubbleFlow v6 =
        new HubbleFlow(
            f.time(),
            f.verdict(),
            "2001:DB8:0:0::1",
            "2001:db8::0:2",
            f.source(),
            null,
            f.l4Protocol(),
            f.sourcePort(),
            f.destinationPort(),
            f.tcpSyn(),
            f.tcpAck(),
            f.isReply(),
            f.trafficDirection(),
            f.sourceNames(),
            List.of("db.example.com"),
            f.nodeName());

    FlowRecord r = value(interpreter.interpret(v6));

    assertThat(r.source().ip()).isEqualTo(Optional.of("2001:db8::1"));
    assertThat(r.destination())
        .isEqualTo(FlowEndpoint.address("2001:db8::2", List.of("db.example.com")));
  }
}
