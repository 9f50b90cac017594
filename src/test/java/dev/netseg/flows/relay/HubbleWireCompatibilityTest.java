package dev.netseg.flows.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.relay.proto.GetFlowsRequest;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.ObserverGrpc;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-written schema against the public Hubble API independently of the .proto files:
 * bytes are encoded here field by field with the numbers of cilium/cilium api/v1/flow/flow.proto
 * and api/v1/observer/observer.proto, as a Hubble server would send them.
 */
class HubbleWireCompatibilityTest {

  /** Builds one message field by field. */
  private static final class Msg {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Msg varint(int field, long value) throws IOException {
      out.writeUInt64(field, value);
      return this;
    }

    Msg string(int field, String value) throws IOException {
      out.writeString(field, value);
      return this;
    }

    Msg message(int field, Msg value) throws IOException {
      out.writeBytes(field, value.build());
      return this;
    }

    ByteString build() throws IOException {
      out.flush();
      return ByteString.copyFrom(bytes.toByteArray());
    }
  }

  @Test
  void methodIsHubblesGetFlows() {
    MethodDescriptor<GetFlowsRequest, GetFlowsResponse> method = ObserverGrpc.getGetFlowsMethod();
    assertThat("/" + method.getFullMethodName()).isEqualTo("/observer.Observer/GetFlows");
    assertThat(method.getType()).isEqualTo(MethodDescriptor.MethodType.SERVER_STREAMING);
  }

  @Test
  void decodesFlowEncodedWithPublicFieldNumbers() throws IOException {
    Msg timestamp = new Msg().varint(1, 1_740_823_200L).varint(2, 500);
    Msg flow =
        new Msg()
            .message(1, timestamp) // time
            .varint(2, 4) // verdict AUDIT
            .message(5, new Msg().string(1, "10.1.0.5").string(2, "93.184.216.34")) // IP
            .message(6, new Msg().message(2, new Msg().varint(1, 5353).varint(2, 53))) // l4.UDP
            .message(
                8, // source
                new Msg()
                    .varint(1, 77) // ID
                    .varint(2, 48213) // identity
                    .string(3, "shop") // namespace
                    .string(4, "k8s:app=web") // labels
                    .string(5, "web-0") // pod_name
                    .message(6, new Msg().string(1, "web").string(2, "StatefulSet"))) // workloads
            .message(9, new Msg().varint(2, 2).string(4, "reserved:world")) // destination
            .varint(10, 1) // Type L3_L4
            .string(11, "kind-worker") // node_name
            .string(14, "example.com") // destination_names
            .varint(22, 2) // traffic_direction EGRESS
            .varint(25, 133) // drop_reason_desc POLICY_DENIED
            .message(26, new Msg().varint(1, 1)) // is_reply = true
            .string(100000, "a summary this schema leaves out");
    ByteString response =
        new Msg().message(1, flow).string(1000, "kind-worker").message(1001, timestamp).build();

    GetFlowsResponse decoded = GetFlowsResponse.parseFrom(response);
    HubbleFlow mapped = new ProtoFlowMapper().map(decoded);

    assertThat(mapped.time()).isEqualTo(Instant.ofEpochSecond(1_740_823_200L, 500));
    assertThat(mapped.verdict()).isEqualTo("AUDIT");
    assertThat(mapped.sourceIp()).isEqualTo("10.1.0.5");
    assertThat(mapped.destinationIp()).isEqualTo("93.184.216.34");
    assertThat(mapped.l4Protocol()).isEqualTo("UDP");
    assertThat(mapped.sourcePort()).isEqualTo(5353);
    assertThat(mapped.destinationPort()).isEqualTo(53);
    assertThat(mapped.source())
        .isEqualTo(
            new HubbleFlow.HubbleEndpoint(
                "shop", "web-0", List.of("k8s:app=web"), 48213L, "web", "StatefulSet"));
    assertThat(mapped.destination().labels()).containsExactly("reserved:world");
    assertThat(mapped.destination().identity()).isEqualTo(2L);
    assertThat(mapped.nodeName()).isEqualTo("kind-worker");
    assertThat(mapped.destinationNames()).containsExactly("example.com");
    assertThat(mapped.trafficDirection()).isEqualTo("EGRESS");
    assertThat(mapped.isReply()).isTrue();
    assertThat(decoded.getFlow().getDropReasonDesc().name()).isEqualTo("POLICY_DENIED");
    assertThat(decoded.getFlow().getType().name()).isEqualTo("L3_L4");
    assertThat(decoded.getFlow().getSource().getID()).isEqualTo(77);
  }

  @Test
  void decodesTcpFlagsAtPublicFieldNumbers() throws IOException {
    Msg flags = new Msg().varint(2, 1).varint(5, 1); // SYN, ACK
    Msg tcp = new Msg().varint(1, 443).varint(2, 40000).message(3, flags);
    ByteString flow = new Msg().message(6, new Msg().message(1, tcp)).build();

    HubbleFlow mapped =
        new ProtoFlowMapper().map(dev.netseg.flows.relay.proto.Flow.parseFrom(flow), "");
    assertThat(mapped.l4Protocol()).isEqualTo("TCP");
    assertThat(mapped.tcpSyn()).isTrue();
    assertThat(mapped.tcpAck()).isTrue();
    assertThat(mapped.sourcePort()).isEqualTo(443);
  }

  @Test
  void requestUsesPublicFieldNumbers() throws IOException {
    GetFlowsRequest request =
        new GetFlowsRequests(List.of("shop"))
            .request(Optional.of(Instant.ofEpochSecond(1_740_823_200L, 9)));
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(request.toByteString());

    assertThat(fields.asMap().keySet()).containsExactlyInAnyOrder(3, 6, 7);
    assertThat(fields.getField(3).getVarintList()).containsExactly(1L); // follow
    List<ByteString> whitelist = fields.getField(6).getLengthDelimitedList();
    assertThat(whitelist).hasSize(2);
    UnknownFieldSet bySource = UnknownFieldSet.parseFrom(whitelist.get(0));
    UnknownFieldSet byDestination = UnknownFieldSet.parseFrom(whitelist.get(1));
    assertThat(bySource.getField(2).getLengthDelimitedList()) // source_pod
        .containsExactly(ByteString.copyFromUtf8("shop/"));
    assertThat(byDestination.getField(4).getLengthDelimitedList()) // destination_pod
        .containsExactly(ByteString.copyFromUtf8("shop/"));
    UnknownFieldSet since =
        UnknownFieldSet.parseFrom(fields.getField(7).getLengthDelimitedList().get(0));
    assertThat(since.getField(1).getVarintList()).containsExactly(1_740_823_200L);
    assertThat(since.getField(2).getVarintList()).containsExactly(9L);
  }
}
