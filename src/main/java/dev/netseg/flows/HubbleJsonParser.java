package dev.netseg.flows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Reads one line of {@code hubble observe -o json} (or of Cilium's Hubble exporter): either the
 * {@code GetFlowsResponse} form {@code {"flow": {...}, "node_name": ..., "time": ...}} or a bare
 * flow object. Only the fields {@link HubbleFlow} holds are read; every other field is skipped
 * unread, so newer Hubble versions keep working (its syntax is still checked: a line that is not
 * JSON is rejected whole). Fields that are read must have their protojson type (a wrong type
 * rejects the line, JSON {@code null} counts as absent). Which flows are connections is not decided
 * here but in {@link HubbleFlowInterpreter}.
 *
 * <p>Thread-safe. Repeated strings (namespaces, pod names, addresses, verdicts) come from a bounded
 * cache, so that a stream of flows between the same pods builds few new strings.
 */
public final class HubbleJsonParser {
  private final StringCache strings = new StringCache();
  private final boolean keepAll;

  /** A parser that keeps every field {@link HubbleFlow} has. */
  public HubbleJsonParser() {
    this(true);
  }

  private HubbleJsonParser(boolean keepAll) {
    this.keepAll = keepAll;
  }

  /**
   * A parser for ingestion that keeps only what {@link HubbleFlowInterpreter} reads: labels,
   * identity, workloads, the source port, the traffic direction and the node name are checked
   * (their type, as always) but left empty or null in the {@link HubbleFlow}. Building them was
   * most of the parsing time, and nothing downstream of the interpreter reads them.
   */
  public static HubbleJsonParser forIngestion() {
    return new HubbleJsonParser(false);
  }

  /** Verdict names, returned as these constants rather than built per line. */
  private static final List<String> VERDICTS =
      List.of("FORWARDED", "DROPPED", "AUDIT", "REDIRECTED", "ERROR", "TRACED", "TRANSLATED");

  /** Parses one line given as text. */
  public Outcome<HubbleFlow> parse(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return parse(bytes, 0, bytes.length);
  }

  /** Parses one line held as UTF-8 in {@code buf[off, off+len)}, without its line terminator. */
  public Outcome<HubbleFlow> parse(byte[] buf, int off, int len) {
    return JsonLines.parseLine(buf, off, len, strings, this::readTop);
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

  private Outcome<HubbleFlow> readTop(JsonCursor c) {
    Draft d = new Draft();
    while (c.nextField()) {
      if (c.keyIs("flow")) {
        c.object("", "flow");
        d.sawFlow = true;
        readFlow(c, d);
      } else if (c.keyIs("time")) {
        // the response's time: an error in it counts only if the flow has none (see Draft.build)
        try {
          d.outerTime = c.time("", "time");
        } catch (JsonLines.BadInput e) {
          if (e.reason != RejectReason.BAD_TIME) {
            throw e;
          }
          d.badOuterTime = e;
        }
      } else if (c.keyIs("node_name")) {
        d.outerNode = optional(c, "", "node_name");
      } else if (c.keyIs("node_status") || c.keyIs("lost_events")) {
        d.otherEvent = c.key();
        c.skipValue();
      } else if (flowField(c, d, BARE)) {
        d.sawFlow = true; // a bare flow object: its fields stand at the top level
      } else {
        c.skipValue();
      }
    }
    if (!d.sawFlow) {
      return d.otherEvent != null
          ? Outcome.skipped(SkipReason.NOT_A_FLOW, d.otherEvent)
          : Outcome.rejected(RejectReason.MISSING_FIELD, "flow: no flow in the line");
    }
    return Outcome.accepted(d.build());
  }

  private void readFlow(JsonCursor c, Draft d) {
    while (c.nextField()) {
      if (!flowField(c, d, WRAPPED)) {
        c.skipValue();
      }
    }
  }

  /** Reads one field of a flow object; false when the field is not one netseg reads. */
  private boolean flowField(JsonCursor c, Draft d, Prefixes at) {
    String prefix = at.flow;
    if (c.keyIs("time")) {
      d.flowTime = c.time(prefix, "time");
    } else if (c.keyIs("verdict")) {
      d.verdict = c.string(prefix, "verdict", VERDICTS);
    } else if (c.keyIs("IP")) {
      readIp(c, d, prefix);
    } else if (c.keyIs("l4")) {
      readL4(c, d, at);
    } else if (c.keyIs("source")) {
      d.source = readEndpoint(c, at.source);
    } else if (c.keyIs("destination")) {
      d.destination = readEndpoint(c, at.destination);
    } else if (c.keyIs("source_names")) {
      d.sourceNames = c.strings(prefix, "source_names");
    } else if (c.keyIs("destination_names")) {
      d.destinationNames = c.strings(prefix, "destination_names");
    } else if (c.keyIs("is_reply")) {
      d.isReply = c.bool(prefix, "is_reply");
    } else if (c.keyIs("traffic_direction")) {
      d.trafficDirection = optional(c, prefix, "traffic_direction");
    } else if (c.keyIs("node_name")) {
      d.flowNode = optional(c, prefix, "node_name");
    } else {
      return false;
    }
    return true;
  }

  /** A string field the interpreter does not read: kept only when the parser keeps all. */
  private String optional(JsonCursor c, String prefix, String field) {
    if (keepAll) {
      return c.string(prefix, field);
    }
    c.skipString(prefix, field);
    return null;
  }

  private void readIp(JsonCursor c, Draft d, String prefix) {
    c.object(prefix, "IP");
    while (c.nextField()) {
      if (c.keyIs("source")) {
        d.sourceIp = c.string(prefix, "IP.source");
      } else if (c.keyIs("destination")) {
        d.destinationIp = c.string(prefix, "IP.destination");
      } else {
        c.skipValue();
      }
    }
  }

  private void readL4(JsonCursor c, Draft d, Prefixes at) {
    c.object(at.flow, "l4");
    while (c.nextField()) {
      if (c.keyIs("TCP")) {
        d.l4Protocol = "TCP";
        readPorts(c, d, at.tcp);
      } else if (c.keyIs("UDP")) {
        d.l4Protocol = "UDP";
        readPorts(c, d, at.udp);
      } else if (c.keyIs("SCTP")) {
        d.l4Protocol = "SCTP";
        readPorts(c, d, at.sctp);
      } else {
        // ICMPv4/ICMPv6 type and code: the interpreter skips these flows
        d.l4Protocol = c.key();
        if (!c.atObject()) {
          c.object(at.flow + "l4.", d.l4Protocol);
        }
        c.skipValue();
      }
    }
  }

  private void readPorts(JsonCursor c, Draft d, String prefix) {
    c.objectAt(prefix);
    while (c.nextField()) {
      if (c.keyIs("source_port")) {
        int port = c.integer(prefix, "source_port", RejectReason.PORT_OUT_OF_RANGE);
        d.sourcePort = keepAll ? port : null;
      } else if (c.keyIs("destination_port")) {
        d.destinationPort = c.integer(prefix, "destination_port", RejectReason.PORT_OUT_OF_RANGE);
      } else if (c.keyIs("flags")) {
        readFlags(c, d, prefix);
      } else {
        c.skipValue();
      }
    }
  }

  private void readFlags(JsonCursor c, Draft d, String prefix) {
    c.object(prefix, "flags");
    while (c.nextField()) {
      if (c.keyIs("SYN")) {
        d.syn = c.bool(prefix, "flags.SYN");
      } else if (c.keyIs("ACK")) {
        d.ack = c.bool(prefix, "flags.ACK");
      } else {
        c.skipValue(); // FIN, RST, PSH, ... do not decide the direction
      }
    }
  }

  /** Reads {@code flow.source} or {@code flow.destination}; {@code prefix} ends with a dot. */
  private HubbleFlow.HubbleEndpoint readEndpoint(JsonCursor c, String prefix) {
    c.objectAt(prefix);
    String namespace = null;
    String podName = null;
    List<String> labels = List.of();
    Long identity = null;
    String workloadName = null;
    String workloadKind = null;
    while (c.nextField()) {
      if (c.keyIs("namespace")) {
        namespace = c.string(prefix, "namespace");
      } else if (c.keyIs("pod_name")) {
        podName = c.string(prefix, "pod_name");
      } else if (c.keyIs("labels")) {
        if (keepAll) {
          labels = c.strings(prefix, "labels");
        } else {
          c.skipStrings(prefix, "labels");
        }
      } else if (c.keyIs("identity")) {
        long id = c.longInteger(prefix, "identity");
        identity = keepAll ? id : null;
      } else if (c.keyIs("workloads")) {
        String[] first = readWorkloads(c, prefix);
        workloadName = first[0];
        workloadKind = first[1];
      } else {
        c.skipValue();
      }
    }
    return new HubbleFlow.HubbleEndpoint(
        namespace, podName, labels, identity, workloadName, workloadKind);
  }

  /** The first workload's name and kind (either may be null); later ones are checked, unused. */
  private String[] readWorkloads(JsonCursor c, String prefix) {
    c.array(prefix, "workloads", "objects");
    String[] first = null;
    for (int index = 0; c.nextElement(); index++) {
      // the path is built only for the rare later workloads: this runs for every endpoint
      String item = index == 0 ? "workloads[0]" : "workloads[" + index + "]";
      c.object(prefix, item);
      String[] w = new String[2];
      while (c.nextField()) {
        if (c.keyIs("name")) {
          w[0] = optional(c, prefix, index == 0 ? "workloads[0].name" : item + ".name");
        } else if (c.keyIs("kind")) {
          w[1] = optional(c, prefix, index == 0 ? "workloads[0].kind" : item + ".kind");
        } else {
          c.skipValue();
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
    JsonLines.BadInput badOuterTime;
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
      if (flowTime == null && badOuterTime != null) {
        throw badOuterTime;
      }
      Instant time = flowTime != null ? flowTime : outerTime;
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
