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
import org.junit.jupiter.params.provider.MethodSource;

class GenericFlowParserTest {
  private final GenericFlowParser parser = new GenericFlowParser();

  private FlowRecord accepted(String line) {
    Outcome<FlowRecord> outcome = parser.parse(line);
    assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
    return ((Outcome.Accepted<FlowRecord>) outcome).value();
  }

  @Test
  void readsAPodToPodRecordWithDefaults() {
    FlowRecord r =
        accepted(
            "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"namespace\":\"shop\",\"pod\":\"web-1\"},"
                + "\"dst\":{\"namespace\":\"shop\",\"pod\":\"db-0\"},\"port\":5432}");

    assertThat(r)
        .isEqualTo(
            new FlowRecord(
                Instant.parse("2024-05-01T10:00:00Z"),
                FlowEndpoint.pod("shop", "web-1", null),
                FlowEndpoint.pod("shop", "db-0", null),
                Protocol.TCP,
                5432,
                FlowVerdict.FORWARDED));
  }

  @Test
  void readsAddressesWithDnsNamesPodIpsProtocolVerdictAndOffsetTimes() {
    FlowRecord r =
        accepted(
            "{\"time\":\"2024-05-01T12:00:00.25+02:00\","
                + "\"src\":{\"namespace\":\"shop\",\"pod\":\"web-1\",\"ip\":\"10.1.0.5\"},"
                + "\"dst\":{\"ip\":\"2001:DB8::7\",\"dnsNames\":[\"api.example.com\"]},"
                + "\"port\":443,\"protocol\":\"udp\",\"verdict\":\"dropped\"}");

    assertThat(r.time()).isEqualTo(Instant.parse("2024-05-01T10:00:00.25Z"));
    assertThat(r.source().ip()).isEqualTo(Optional.of("10.1.0.5"));
    assertThat(r.destination())
        .isEqualTo(FlowEndpoint.address("2001:db8::7", List.of("api.example.com")));
    assertThat(r.protocol()).isEqualTo(Protocol.UDP);
    assertThat(r.verdict()).isEqualTo(FlowVerdict.DROPPED);
  }

  @Test
  void ignoresUnknownFieldsAtEveryLevel() {
    FlowRecord r =
        accepted(
            "{\"collector\":\"calico\",\"time\":\"2024-05-01T10:00:00Z\",\"bytes\":1234,"
                + "\"src\":{\"ip\":\"10.1.0.5\",\"labels\":{\"app\":\"x\"}},"
                + "\"dst\":{\"ip\":\"10.1.0.6\",\"node\":null},\"port\":80,\"policies\":[[]]}");

    assertThat(r.port()).isEqualTo(80);
  }

  @Test
  void skipsIcmpRecords() {
    assertThat(
            parser.parse(
                "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.1\"},"
                    + "\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":1,\"protocol\":\"ICMPv6\"}"))
        .isEqualTo(Outcome.skipped(SkipReason.UNSUPPORTED_PROTOCOL, "ICMPv6"));
  }

  private static final String T = "\"time\":\"2024-05-01T10:00:00Z\"";
  private static final String SRC = "\"src\":{\"ip\":\"10.0.0.1\"}";
  private static final String DST = "\"dst\":{\"ip\":\"10.0.0.2\"}";

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("{" + T + "," + DST + ",\"port\":80}", RejectReason.MISSING_FIELD, "src"),
        Arguments.of("{" + T + "," + SRC + ",\"port\":80}", RejectReason.MISSING_FIELD, "dst"),
        Arguments.of("{" + SRC + "," + DST + ",\"port\":80}", RejectReason.MISSING_FIELD, "time"),
        Arguments.of("{" + T + "," + SRC + "," + DST + "}", RejectReason.MISSING_FIELD, "port"),
        Arguments.of(
            "{" + T + "," + SRC + "," + DST + ",\"port\":0}",
            RejectReason.PORT_OUT_OF_RANGE,
            "port: 0"),
        Arguments.of(
            "{" + T + "," + SRC + "," + DST + ",\"port\":70000}",
            RejectReason.PORT_OUT_OF_RANGE,
            "port: 70000"),
        Arguments.of(
            "{" + T + "," + SRC + "," + DST + ",\"port\":\"80\"}",
            RejectReason.WRONG_TYPE,
            "port: expected an integer, got a string"),
        Arguments.of(
            "{" + T + ",\"src\":{\"ip\":\"10.0.0.999\"}," + DST + ",\"port\":80}",
            RejectReason.BAD_ADDRESS,
            "src.ip: '10.0.0.999'"),
        Arguments.of(
            "{" + T + ",\"src\":{}," + DST + ",\"port\":80}",
            RejectReason.MISSING_FIELD,
            "src.ip (or namespace and pod)"),
        Arguments.of(
            "{" + T + ",\"src\":{\"namespace\":\"a\"}," + DST + ",\"port\":80}",
            RejectReason.MISSING_FIELD,
            "src.pod"),
        Arguments.of(
            "{" + T + ",\"src\":\"10.0.0.1\"," + DST + ",\"port\":80}",
            RejectReason.WRONG_TYPE,
            "src: expected an object"),
        Arguments.of(
            "{" + T + "," + SRC + ",\"dst\":{\"ip\":\"10.0.0.2\",\"dnsNames\":\"x\"},\"port\":80}",
            RejectReason.WRONG_TYPE,
            "dst.dnsNames"),
        Arguments.of(
            "{" + T + "," + SRC + "," + DST + ",\"port\":80,\"protocol\":\"QUIC\"}",
            RejectReason.BAD_VALUE,
            "protocol: 'QUIC'"),
        Arguments.of(
            "{" + T + "," + SRC + "," + DST + ",\"port\":80,\"verdict\":\"ALLOWED\"}",
            RejectReason.BAD_VALUE,
            "verdict: 'ALLOWED'"),
        Arguments.of(
            "{\"time\":\"10:00\"," + SRC + "," + DST + ",\"port\":80}",
            RejectReason.BAD_TIME,
            "time: '10:00'"),
        Arguments.of("{" + T + "," + SRC + "," + DST, RejectReason.TRUNCATED, ""),
        Arguments.of("{" + T + ", src: {}}", RejectReason.BAD_JSON, ""));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedRecordsNamingTheField(String line, RejectReason reason, String detail) {
    Outcome<FlowRecord> outcome = parser.parse(line);

    assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected<FlowRecord>) outcome).reason()).isEqualTo(reason);
    assertThat(((Outcome.Rejected<FlowRecord>) outcome).detail()).contains(detail);
  }
}
