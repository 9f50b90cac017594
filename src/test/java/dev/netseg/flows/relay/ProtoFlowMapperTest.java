package dev.netseg.flows.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Timestamp;
import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.HubbleFlow.HubbleEndpoint;
import dev.netseg.flows.relay.proto.DropReason;
import dev.netseg.flows.relay.proto.Endpoint;
import dev.netseg.flows.relay.proto.Flow;
import dev.netseg.flows.relay.proto.FlowType;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.ICMPv4;
import dev.netseg.flows.relay.proto.ICMPv6;
import dev.netseg.flows.relay.proto.IP;
import dev.netseg.flows.relay.proto.IPVersion;
import dev.netseg.flows.relay.proto.Layer4;
import dev.netseg.flows.relay.proto.LostEvent;
import dev.netseg.flows.relay.proto.SCTP;
import dev.netseg.flows.relay.proto.TCP;
import dev.netseg.flows.relay.proto.TCPFlags;
import dev.netseg.flows.relay.proto.TrafficDirection;
import dev.netseg.flows.relay.proto.UDP;
import dev.netseg.flows.relay.proto.Verdict;
import dev.netseg.flows.relay.proto.Workload;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProtoFlowMapperTest {
  private final ProtoFlowMapper mapper = new ProtoFlowMapper();

  private static Flow.Builder base() {
    return Flow.newBuilder().setTime(Timestamp.newBuilder().setSeconds(1_740_823_200L).setNanos(7));
  }

  @Test
  void mapsEveryFieldOfAFullFlow() {
    Flow flow =
        base()
            .setUuid("b1e7f4a2")
            .setVerdict(Verdict.DROPPED)
            .setDropReasonDesc(DropReason.POLICY_DENIED)
            .setIP(
                IP.newBuilder()
                    .setSource("10.1.0.5")
                    .setDestination("10.2.0.9")
                    .setIpVersion(IPVersion.IPv4))
            .setL4(
                Layer4.newBuilder()
                    .setTCP(
                        TCP.newBuilder()
                            .setSourcePort(51234)
                            .setDestinationPort(8080)
                            .setFlags(
                                TCPFlags.newBuilder().setSYN(true).setACK(true).setPSH(true))))
            .setSource(
                Endpoint.newBuilder()
                    .setID(1234)
                    .setIdentity(48213)
                    .setNamespace("shop")
                    .addLabels("k8s:app=web")
                    .addLabels("k8s:io.kubernetes.pod.namespace=shop")
                    .setPodName("web-7d9f-abcde")
                    .addWorkloads(Workload.newBuilder().setName("web").setKind("Deployment")))
            .setDestination(Endpoint.newBuilder().setIdentity(2).addLabels("reserved:world"))
            .setType(FlowType.L3_L4)
            .setNodeName("kind-worker")
            .addSourceNames("web.shop.svc")
            .addDestinationNames("api.example.com")
            .addDestinationNames("example.com")
            .setIsReply(BoolValue.of(false))
            .setTrafficDirection(TrafficDirection.EGRESS)
            .build();

    HubbleFlow mapped = mapper.map(flow, "relay-node");

    assertThat(mapped.time()).isEqualTo(Instant.ofEpochSecond(1_740_823_200L, 7));
    assertThat(mapped.verdict()).isEqualTo("DROPPED");
    assertThat(mapped.sourceIp()).isEqualTo("10.1.0.5");
    assertThat(mapped.destinationIp()).isEqualTo("10.2.0.9");
    assertThat(mapped.source())
        .isEqualTo(
            new HubbleEndpoint(
                "shop",
                "web-7d9f-abcde",
                List.of("k8s:app=web", "k8s:io.kubernetes.pod.namespace=shop"),
                48213L,
                "web",
                "Deployment"));
    assertThat(mapped.destination())
        .isEqualTo(new HubbleEndpoint(null, null, List.of("reserved:world"), 2L, null, null));
    assertThat(mapped.l4Protocol()).isEqualTo("TCP");
    assertThat(mapped.sourcePort()).isEqualTo(51234);
    assertThat(mapped.destinationPort()).isEqualTo(8080);
    assertThat(mapped.tcpSyn()).isTrue();
    assertThat(mapped.tcpAck()).isTrue();
    assertThat(mapped.isReply()).isFalse();
    assertThat(mapped.trafficDirection()).isEqualTo("EGRESS");
    assertThat(mapped.sourceNames()).containsExactly("web.shop.svc");
    assertThat(mapped.destinationNames()).containsExactly("api.example.com", "example.com");
    assertThat(mapped.nodeName()).isEqualTo("kind-worker");
  }

  @Test
  void leavesAbsentFieldsNullAsTheJsonParserSeesThem() {
    HubbleFlow mapped = mapper.map(Flow.getDefaultInstance(), "");

    assertThat(mapped)
        .isEqualTo(
            new HubbleFlow(
                null, null, null, null, null, null, null, null, null, false, false, null, null,
                List.of(), List.of(), null));
  }

  @ParameterizedTest(name = "is_reply {0} -> {1}")
  @MethodSource
  void keepsIsReplyPresence(BoolValue wire, Boolean expected) {
    Flow.Builder flow = base();
    if (wire != null) {
      flow.setIsReply(wire);
    }
    assertThat(mapper.map(flow.build(), "").isReply()).isEqualTo(expected);
  }

  static Stream<Arguments> keepsIsReplyPresence() {
    return Stream.of(
        Arguments.of(null, null),
        Arguments.of(BoolValue.of(false), false),
        Arguments.of(BoolValue.of(true), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void mapsEachLayer4Protocol(
      String name,
      Layer4 l4,
      String protocol,
      Integer sourcePort,
      Integer destPort,
      boolean syn,
      boolean ack) {
    HubbleFlow mapped = mapper.map(base().setL4(l4).build(), "");

    assertThat(mapped.l4Protocol()).isEqualTo(protocol);
    assertThat(mapped.sourcePort()).isEqualTo(sourcePort);
    assertThat(mapped.destinationPort()).isEqualTo(destPort);
    assertThat(mapped.tcpSyn()).isEqualTo(syn);
    assertThat(mapped.tcpAck()).isEqualTo(ack);
  }

  static Stream<Arguments> mapsEachLayer4Protocol() {
    return Stream.of(
        Arguments.of(
            "TCP SYN",
            Layer4.newBuilder()
                .setTCP(
                    TCP.newBuilder()
                        .setSourcePort(40000)
                        .setDestinationPort(443)
                        .setFlags(TCPFlags.newBuilder().setSYN(true)))
                .build(),
            "TCP",
            40000,
            443,
            true,
            false),
        Arguments.of(
            "TCP ACK without SYN",
            Layer4.newBuilder()
                .setTCP(
                    TCP.newBuilder()
                        .setSourcePort(443)
                        .setDestinationPort(40000)
                        .setFlags(TCPFlags.newBuilder().setACK(true).setFIN(true)))
                .build(),
            "TCP",
            443,
            40000,
            false,
            true),
        Arguments.of(
            "TCP without flags",
            Layer4.newBuilder().setTCP(TCP.newBuilder().setDestinationPort(22)).build(),
            "TCP",
            null,
            22,
            false,
            false),
        Arguments.of(
            "UDP",
            Layer4.newBuilder()
                .setUDP(UDP.newBuilder().setSourcePort(5353).setDestinationPort(53))
                .build(),
            "UDP",
            5353,
            53,
            false,
            false),
        Arguments.of(
            "SCTP",
            Layer4.newBuilder()
                .setSCTP(SCTP.newBuilder().setSourcePort(36412).setDestinationPort(38412))
                .build(),
            "SCTP",
            36412,
            38412,
            false,
            false),
        Arguments.of(
            "ICMPv4",
            Layer4.newBuilder().setICMPv4(ICMPv4.newBuilder().setType(8)).build(),
            "ICMPv4",
            null,
            null,
            false,
            false),
        Arguments.of(
            "ICMPv6",
            Layer4.newBuilder().setICMPv6(ICMPv6.newBuilder().setType(128)).build(),
            "ICMPv6",
            null,
            null,
            false,
            false),
        Arguments.of("no l4", Layer4.getDefaultInstance(), null, null, null, false, false));
  }

  @Test
  void keepsOutOfRangePortVisibleForTheInterpreterToReject() {
    Flow flow =
        base()
            .setL4(Layer4.newBuilder().setUDP(UDP.newBuilder().setDestinationPort(70000)))
            .build();
    assertThat(mapper.map(flow, "").destinationPort()).isEqualTo(70000);
  }

  @ParameterizedTest(name = "verdict {0} -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "0, null",
        "1, FORWARDED",
        "2, DROPPED",
        "3, ERROR",
        "4, AUDIT",
        "5, REDIRECTED",
        "6, TRACED",
        "7, TRANSLATED",
        "42, 42"
      })
  void mapsVerdictByName(int number, String expected) {
    assertThat(mapper.map(base().setVerdictValue(number).build(), "").verdict())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "direction {0} -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {"0, null", "1, INGRESS", "2, EGRESS", "9, 9"})
  void mapsTrafficDirectionByName(int number, String expected) {
    assertThat(mapper.map(base().setTrafficDirectionValue(number).build(), "").trafficDirection())
        .isEqualTo(expected);
  }

  @Test
  void readsUnsignedIdentityAboveSignedRange() {
    Flow flow = base().setSource(Endpoint.newBuilder().setIdentity(0xFFFF_FFF0)).build();
    assertThat(mapper.map(flow, "").source().identity()).isEqualTo(4_294_967_280L);
  }

  @Test
  void takesFirstWorkloadOfEndpoint() {
    Flow flow =
        base()
            .setDestination(
                Endpoint.newBuilder()
                    .addWorkloads(Workload.newBuilder().setName("nightly").setKind("CronJob"))
                    .addWorkloads(Workload.newBuilder().setName("nightly-29").setKind("Job")))
            .build();
    HubbleEndpoint destination = mapper.map(flow, "").destination();
    assertThat(destination.workloadName()).isEqualTo("nightly");
    assertThat(destination.workloadKind()).isEqualTo("CronJob");
  }

  @Test
  void usesResponseNodeNameAndTimeOnlyWhenFlowHasNone() {
    Timestamp responseTime = Timestamp.newBuilder().setSeconds(99).build();
    GetFlowsResponse bare =
        GetFlowsResponse.newBuilder()
            .setFlow(Flow.getDefaultInstance())
            .setNodeName("node-b")
            .setTime(responseTime)
            .build();
    HubbleFlow fromResponse = mapper.map(bare);
    assertThat(fromResponse.nodeName()).isEqualTo("node-b");
    assertThat(fromResponse.time()).isEqualTo(Instant.ofEpochSecond(99));

    GetFlowsResponse full = bare.toBuilder().setFlow(base().setNodeName("node-a")).build();
    HubbleFlow fromFlow = mapper.map(full);
    assertThat(fromFlow.nodeName()).isEqualTo("node-a");
    assertThat(fromFlow.time()).isEqualTo(Instant.ofEpochSecond(1_740_823_200L, 7));
  }

  @Test
  void timestampBeyondInstantRangeMapsToNull() {
    Flow flow =
        Flow.newBuilder().setTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build();
    assertThat(mapper.map(flow, "").time()).isNull();
  }

  @Test
  void refusesResponseWithoutFlow() {
    GetFlowsResponse lost =
        GetFlowsResponse.newBuilder().setLostEvents(LostEvent.getDefaultInstance()).build();
    assertThatThrownBy(() -> mapper.map(lost)).hasMessageContaining("LOST_EVENTS");
  }
}
