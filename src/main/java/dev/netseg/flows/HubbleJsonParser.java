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

  /** Field path prefixes of a wrapped or a bare flow, built once rather than per field. */
  private record Prefixes(
      String flow, String source, String destination, String tcp, String udp, String sctp) {
    static Prefixes of(String flow) {
      return new Prefixes(
          flow,
          flow + "source.",
          flow + "destination.",
          flow + "l4.TCP.",
          flow + "l4.UDP.",
          flow + "l4.SCTP.");
    }
  }

  private static final Prefixes WRAPPED = Prefixes.of("flow.");
  private static final Prefixes BARE = Prefixes.of("");

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
          expectObject(v, "", "flow");
          d.sawFlow = true;
          readFlow(p, d);
          break;
        case "time":
          // the response's time: parsed only if the flow has none (see Draft.build)
          d.outerTime = string(p, v, "", "time");
          break;
        case "node_name":
          d.outerNode = string(p, v, "", "node_name");
          break;
        case "node_status":
        case "lost_events":
          d.otherEvent = name;
          p.skipChildren();
          break;
        default:
          // A bare flow object: its fields stand at the top level.
          if (flowField(p, d, name, v, BARE)) {
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

  private void readFlow(JsonParser p, Draft d) throws IOException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      if (v != JsonToken.VALUE_NULL && !flowField(p, d, name, v, WRAPPED)) {
        p.skipChildren();
      }
    }
  }

  /** Reads one field of a flow object; false when the field is not one netseg reads. */
  private boolean flowField(JsonParser p, Draft d, String name, JsonToken v, Prefixes at)
      throws IOException {
    String prefix = at.flow;
    switch (name) {
      case "time":
        d.flowTime = time(p, v, prefix, "time");
        return true;
      case "verdict":
        d.verdict = string(p, v, prefix, "verdict");
        return true;
      case "IP":
        readIp(p, d, v, prefix);
        return true;
      case "l4":
        readL4(p, d, v, at);
        return true;
      case "source":
        d.source = readEndpoint(p, v, at.source);
        return true;
      case "destination":
        d.destination = readEndpoint(p, v, at.destination);
        return true;
      case "source_names":
        d.sourceNames = strings(p, v, prefix, "source_names");
        return true;
      case "destination_names":
        d.destinationNames = strings(p, v, prefix, "destination_names");
        return true;
      case "is_reply":
        d.isReply = bool(v, prefix, "is_reply");
        return true;
      case "traffic_direction":
        d.trafficDirection = string(p, v, prefix, "traffic_direction");
        return true;
      case "node_name":
        d.flowNode = string(p, v, prefix, "node_name");
        return true;
      default:
        return false;
    }
  }

  private void readIp(JsonParser p, Draft d, JsonToken v, String prefix) throws IOException {
    expectObject(v, prefix, "IP");
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "source":
          d.sourceIp = string(p, t, prefix, "IP.source");
          break;
        case "destination":
          d.destinationIp = string(p, t, prefix, "IP.destination");
          break;
        default:
          p.skipChildren();
      }
    }
  }

  private void readL4(JsonParser p, Draft d, JsonToken v, Prefixes at) throws IOException {
    expectObject(v, at.flow, "l4");
    String protocol;
    while ((protocol = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      d.l4Protocol = protocol;
      switch (protocol) {
        case "TCP":
          readPorts(p, d, t, at.tcp);
          break;
        case "UDP":
          readPorts(p, d, t, at.udp);
          break;
        case "SCTP":
          readPorts(p, d, t, at.sctp);
          break;
        default:
          // ICMPv4/ICMPv6 type and code: the interpreter skips these flows
          if (t != JsonToken.START_OBJECT) {
            throw JsonLines.wrongType(at.flow + "l4." + protocol, "an object", t);
          }
          p.skipChildren();
      }
    }
  }

  private void readPorts(JsonParser p, Draft d, JsonToken v, String prefix) throws IOException {
    expectObject(v, prefix);
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "source_port":
          d.sourcePort = integer(p, t, prefix, "source_port", RejectReason.PORT_OUT_OF_RANGE);
          break;
        case "destination_port":
          d.destinationPort =
              integer(p, t, prefix, "destination_port", RejectReason.PORT_OUT_OF_RANGE);
          break;
        case "flags":
          readFlags(p, d, t, prefix);
          break;
        default:
          p.skipChildren();
      }
    }
  }

  private void readFlags(JsonParser p, Draft d, JsonToken v, String prefix) throws IOException {
    expectObject(v, prefix, "flags");
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "SYN":
          d.syn = bool(t, prefix, "flags.SYN");
          break;
        case "ACK":
          d.ack = bool(t, prefix, "flags.ACK");
          break;
        default:
          p.skipChildren(); // FIN, RST, PSH, ... do not decide the direction
      }
    }
  }

  /** Reads {@code flow.source} or {@code flow.destination}; {@code prefix} ends with a dot. */
  private HubbleFlow.HubbleEndpoint readEndpoint(JsonParser p, JsonToken v, String prefix)
      throws IOException {
    expectObject(v, prefix);
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
          namespace = string(p, t, prefix, "namespace");
          break;
        case "pod_name":
          podName = string(p, t, prefix, "pod_name");
          break;
        case "labels":
          labels = strings(p, t, prefix, "labels");
          break;
        case "identity":
          identity = longInteger(p, t, prefix, "identity");
          break;
        case "workloads":
          String[] first = readWorkloads(p, t, prefix);
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
  private String[] readWorkloads(JsonParser p, JsonToken v, String prefix) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      throw JsonLines.wrongType(prefix + "workloads", "an array of objects", v);
    }
    String[] first = null;
    int index = 0;
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e != JsonToken.START_OBJECT) {
        throw JsonLines.wrongType(prefix + "workloads[" + index + "]", "an object", e);
      }
      String[] w = new String[2];
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        if (name.equals("name") || name.equals("kind")) {
          if (t != JsonToken.VALUE_STRING) {
            throw JsonLines.wrongType(prefix + "workloads[" + index + "]." + name, "a string", t);
          }
          w[name.equals("name") ? 0 : 1] = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (first == null) {
        first = w;
      }
      index++;
    }
    return first != null ? first : new String[2];
  }

  /** The fields read so far; a flow is built only once the whole line has parsed. */
  private static final class Draft {
    boolean sawFlow;
    String otherEvent;
    Instant flowTime;
    String outerTime;
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
      Instant time = flowTime;
      if (time == null && outerTime != null) {
        time = Rfc3339.parse(outerTime);
        if (time == null) {
          throw new JsonLines.BadInput(
              RejectReason.BAD_TIME,
              "time: '" + JsonLines.clip(outerTime) + "' is not an RFC 3339 time");
        }
      }
      return new HubbleFlow(
          time,
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
