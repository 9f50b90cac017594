package dev.netseg.flows;

import static dev.netseg.flows.JsonLines.bool;
import static dev.netseg.flows.JsonLines.expectObject;
import static dev.netseg.flows.JsonLines.integer;
import static dev.netseg.flows.JsonLines.longInteger;
import static dev.netseg.flows.JsonLines.string;
import static dev.netseg.flows.JsonLines.strings;
import static dev.netseg.flows.JsonLines.time;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Reads one line of {@code hubble observe -o json} (or of Cilium's Hubble exporter): either the
 * {@code GetFlowsResponse} form {@code {"flow": {...}, "node_name": ..., "time": ...}} or a bare
 * flow object. Only the fields {@link HubbleFlow} holds are read; every other field is skipped
 * unread and unvalidated, so newer Hubble versions keep working. Fields that are read must have
 * their protojson type (a wrong type rejects the line, JSON {@code null} counts as absent). Which
 * flows are connections is not decided here but in {@link HubbleFlowInterpreter}.
 *
 * <p>Thread-safe and stateless apart from Jackson's shared factory.
 */
public final class HubbleJsonParser {
  private final JsonFactory factory = JsonLines.newFactory();

  /** Parses one line given as text. */
  public Outcome<HubbleFlow> parse(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return parse(bytes, 0, bytes.length);
  }

  /** Parses one line held as UTF-8 in {@code buf[off, off+len)}, without its line terminator. */
  public Outcome<HubbleFlow> parse(byte[] buf, int off, int len) {
    return JsonLines.parseLine(factory, buf, off, len, this::readTop);
  }

  private Outcome<HubbleFlow> readTop(JsonParser p) throws IOException {
    Draft d = new Draft();
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "flow":
          expectObject(v, "flow");
          d.sawFlow = true;
          readFlow(p, d, "flow.");
          break;
        case "time":
          d.outerTime = time(p, v, "time");
          break;
        case "node_name":
          d.outerNode = string(p, v, "node_name");
          break;
        case "node_status":
        case "lost_events":
          d.otherEvent = name;
          p.skipChildren();
          break;
        default:
          // A bare flow object: its fields stand at the top level.
          if (flowField(p, d, name, v, "")) {
            d.sawFlow = true;
          } else {
            p.skipChildren();
          }
      }
    }
    if (!d.sawFlow) {
      return d.otherEvent != null
          ? Outcome.skipped(SkipReason.NOT_A_FLOW, d.otherEvent)
          : Outcome.rejected(RejectReason.MISSING_FIELD, "flow: no flow in the line");
    }
    return Outcome.accepted(d.build());
  }

  private void readFlow(JsonParser p, Draft d, String prefix) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      if (v != JsonToken.VALUE_NULL && !flowField(p, d, name, v, prefix)) {
        p.skipChildren();
      }
    }
  }

  /** Reads one field of a flow object; false when the field is not one netseg reads. */
  private boolean flowField(JsonParser p, Draft d, String name, JsonToken v, String prefix)
      throws IOException {
    switch (name) {
      case "time":
        d.flowTime = time(p, v, prefix + "time");
        return true;
      case "verdict":
        d.verdict = string(p, v, prefix + "verdict");
        return true;
      case "IP":
        readIp(p, d, v, prefix + "IP");
        return true;
      case "l4":
        readL4(p, d, v, prefix + "l4");
        return true;
      case "source":
        d.source = readEndpoint(p, v, prefix + "source");
        return true;
      case "destination":
        d.destination = readEndpoint(p, v, prefix + "destination");
        return true;
      case "source_names":
        d.sourceNames = strings(p, v, prefix + "source_names");
        return true;
      case "destination_names":
        d.destinationNames = strings(p, v, prefix + "destination_names");
        return true;
      case "is_reply":
        d.isReply = bool(v, prefix + "is_reply");
        return true;
      case "traffic_direction":
        d.trafficDirection = string(p, v, prefix + "traffic_direction");
        return true;
      case "node_name":
        d.flowNode = string(p, v, prefix + "node_name");
        return true;
      default:
        return false;
    }
  }

  private void readIp(JsonParser p, Draft d, JsonToken v, String path) throws IOException {
    expectObject(v, path);
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "source":
          d.sourceIp = string(p, t, path + ".source");
          break;
        case "destination":
          d.destinationIp = string(p, t, path + ".destination");
          break;
        default:
          p.skipChildren();
      }
    }
  }

  private void readL4(JsonParser p, Draft d, JsonToken v, String path) throws IOException {
    expectObject(v, path);
    String protocol;
    while ((protocol = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      String at = path + "." + protocol;
      expectObject(t, at);
      d.l4Protocol = protocol;
      if (protocol.equals("TCP") || protocol.equals("UDP") || protocol.equals("SCTP")) {
        readPorts(p, d, at);
      } else {
        p.skipChildren(); // ICMPv4/ICMPv6 type and code: the interpreter skips these flows
      }
    }
  }

  private void readPorts(JsonParser p, Draft d, String path) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "source_port":
          d.sourcePort = integer(p, t, path + ".source_port", RejectReason.PORT_OUT_OF_RANGE);
          break;
        case "destination_port":
          d.destinationPort =
              integer(p, t, path + ".destination_port", RejectReason.PORT_OUT_OF_RANGE);
          break;
        case "flags":
          readFlags(p, d, t, path + ".flags");
          break;
        default:
          p.skipChildren();
      }
    }
  }

  private void readFlags(JsonParser p, Draft d, JsonToken v, String path) throws IOException {
    expectObject(v, path);
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "SYN":
          d.syn = bool(t, path + ".SYN");
          break;
        case "ACK":
          d.ack = bool(t, path + ".ACK");
          break;
        default:
          p.skipChildren(); // FIN, RST, PSH, ... do not decide the direction
      }
    }
  }

  private HubbleFlow.HubbleEndpoint readEndpoint(JsonParser p, JsonToken v, String path)
      throws IOException {
    expectObject(v, path);
    String namespace = null;
    String podName = null;
    List<String> labels = List.of();
    Long identity = null;
    String workloadName = null;
    String workloadKind = null;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "namespace":
          namespace = string(p, t, path + ".namespace");
          break;
        case "pod_name":
          podName = string(p, t, path + ".pod_name");
          break;
        case "labels":
          labels = strings(p, t, path + ".labels");
          break;
        case "identity":
          identity = longInteger(p, t, path + ".identity");
          break;
        case "workloads":
          String[] first = readWorkloads(p, t, path + ".workloads");
          workloadName = first[0];
          workloadKind = first[1];
          break;
        default:
          p.skipChildren();
      }
    }
    return new HubbleFlow.HubbleEndpoint(
        namespace, podName, labels, identity, workloadName, workloadKind);
  }

  /** The first workload's name and kind (either may be null); later ones are checked, unused. */
  private String[] readWorkloads(JsonParser p, JsonToken v, String path) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      throw JsonLines.wrongType(path, "an array of objects", v);
    }
    String[] first = null;
    int index = 0;
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      String at = path + "[" + index++ + "]";
      expectObject(e, at);
      String[] w = new String[2];
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        if (name.equals("name")) {
          w[0] = string(p, t, at + ".name");
        } else if (name.equals("kind")) {
          w[1] = string(p, t, at + ".kind");
        } else {
          p.skipChildren();
        }
      }
      if (first == null) {
        first = w;
      }
    }
    return first != null ? first : new String[2];
  }

  /** The fields read so far; a flow is built only once the whole line has parsed. */
  private static final class Draft {
    boolean sawFlow;
    String otherEvent;
    Instant flowTime;
    Instant outerTime;
    String flowNode;
    String outerNode;
    String verdict;
    String sourceIp;
    String destinationIp;
    HubbleFlow.HubbleEndpoint source;
    HubbleFlow.HubbleEndpoint destination;
    String l4Protocol;
    Integer sourcePort;
    Integer destinationPort;
    boolean syn;
    boolean ack;
    Boolean isReply;
    String trafficDirection;
    List<String> sourceNames = List.of();
    List<String> destinationNames = List.of();

    HubbleFlow build() {
      return new HubbleFlow(
          flowTime != null ? flowTime : outerTime,
          verdict,
          sourceIp,
          destinationIp,
          source,
          destination,
          l4Protocol,
          sourcePort,
          destinationPort,
          syn,
          ack,
          isReply,
          trafficDirection,
          sourceNames,
          destinationNames,
          flowNode != null ? flowNode : outerNode);
    }
  }
}
