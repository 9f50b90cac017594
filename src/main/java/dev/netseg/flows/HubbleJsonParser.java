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
  static final List<String> VERDICTS =
      List.of("FORWARDED", "DROPPED", "AUDIT", "REDIRECTED", "ERROR", "TRACED", "TRANSLATED");

  /** Parses one line given as text. */
  public Outcome<HubbleFlow> parse(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return parse(bytes, 0, bytes.length);
  }

  /** Parses one line held as UTF-8 in {@code buf[off, off+len)}, without its line terminator. */
  public Outcome<HubbleFlow> parse(byte[] buf, int off, int len) {
    Draft d = new Draft();
    Outcome<HubbleFlow> outcome = read(buf, off, len, d);
    return outcome != null ? outcome : build(d, buf);
  }

  /**
   * Reads one line into {@code d} (cleared first), building no strings for the fields kept as
   * {@link Span}s.
   *
   * @return null when the line holds a flow (then in {@code d}, see {@link #build}); else why it
   *     was skipped or rejected
   */
  Outcome<HubbleFlow> read(byte[] buf, int off, int len, Draft d) {
    d.reset();
    return JsonLines.parseLine(buf, off, len, strings, c -> readTop(c, d));
  }

  /**
   * Reads the line that starts at {@code off} in a buffer of many lines ending at {@code end},
   * without finding its end first: that scan over every byte cost as much as a tenth of ingestion.
   * Succeeds only for a line that holds a flow, is well-formed JSON and ends with a newline before
   * {@code end}; anything else is left to {@link #read} on the line found the usual way, which then
   * says exactly what is wrong (nothing is counted here).
   *
   * @return the index of the newline that ends the line, with the flow in {@code d}; or -1
   */
  int readLine(byte[] buf, int off, int end, Draft d) {
    d.reset();
    JsonCursor c = new JsonCursor(buf, off, end - off, strings, true);
    try {
      if (c.start() != '{') {
        return -1;
      }
      c.object("", "line");
      if (readTop(c, d) != null) {
        return -1;
      }
      c.expectEnd();
    } catch (JsonLines.BadInput e) {
      return -1;
    }
    int nl = c.position();
    return nl < end && buf[nl] == '\n' ? nl : -1;
  }

  /**
   * A reader of the usual line for this parser, faster than {@link #readLine} and leaving the same
   * draft when it reads a line; null for a parser that keeps every field, which it cannot stand in
   * for. One per stream: it is not thread-safe.
   */
  CompactHubbleReader compactReader() {
    return keepAll ? null : new CompactHubbleReader(strings);
  }

  /** The flow a successful {@link #read} left in {@code d}, whose spans point into {@code buf}. */
  Outcome<HubbleFlow> build(Draft d, byte[] buf) {
    if (d.flowTime == null && d.badOuterTime != null) {
      return Outcome.rejected(d.badOuterTime.reason, d.badOuterTime.getMessage());
    }
    return Outcome.accepted(d.build(buf, strings));
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

  private Outcome<HubbleFlow> readTop(JsonCursor c, Draft d) {
    while (c.nextField()) {
      if (c.keyIs("flow")) {
        c.object("", "flow");
        d.sawFlow = true;
        readFlow(c, d);
      } else if (c.keyIs("time")) {
        // The response's time counts only if the flow has none: kept as a span and read at the
        // end if needed (a repeated member reads the earlier one first, so each still counts).
        if (d.outerTimeText.present) {
          readOuterTime(c, d);
        }
        c.string("", "time", d.outerTimeText);
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
    if (d.flowTime == null && d.outerTimeText.present) {
      readOuterTime(c, d);
    }
    return null; // a flow, in d
  }

  /** Reads the response's time kept as a span; an error in it counts only if the flow has none. */
  private static void readOuterTime(JsonCursor c, Draft d) {
    try {
      d.outerTime = c.time(d.outerTimeText, "", "time");
    } catch (JsonLines.BadInput e) {
      if (e.reason != RejectReason.BAD_TIME) {
        throw e;
      }
      d.badOuterTime = e;
    }
    d.outerTimeText.clear();
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
      readEndpoint(c, at.source, d.source);
    } else if (c.keyIs("destination")) {
      readEndpoint(c, at.destination, d.destination);
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
        c.string(prefix, "IP.source", d.sourceIp);
      } else if (c.keyIs("destination")) {
        c.string(prefix, "IP.destination", d.destinationIp);
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
        d.hasDestinationPort = true;
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
  private void readEndpoint(JsonCursor c, String prefix, EndpointDraft e) {
    c.objectAt(prefix);
    e.reset(); // a repeated member replaces the first one whole
    e.present = true;
    while (c.nextField()) {
      if (c.keyIs("namespace")) {
        c.string(prefix, "namespace", e.namespace);
      } else if (c.keyIs("pod_name")) {
        c.string(prefix, "pod_name", e.podName);
      } else if (c.keyIs("labels")) {
        if (keepAll) {
          e.labels = c.strings(prefix, "labels");
        } else {
          c.skipStrings(prefix, "labels");
        }
      } else if (c.keyIs("identity")) {
        long id = c.longInteger(prefix, "identity");
        e.identity = keepAll ? id : null;
      } else if (c.keyIs("workloads")) {
        String[] first = readWorkloads(c, prefix);
        e.workloadName = first[0];
        e.workloadKind = first[1];
      } else {
        c.skipValue();
      }
    }
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

  /** One side's fields read so far; reused, so cleared before each side. */
  static final class EndpointDraft {
    boolean present;
    final Span namespace = new Span();
    final Span podName = new Span();
    List<String> labels;
    Long identity;
    String workloadName;
    String workloadKind;

    void reset() {
      present = false;
      namespace.clear();
      podName.clear();
      labels = List.of();
      identity = null;
      workloadName = null;
      workloadKind = null;
    }

    HubbleFlow.HubbleEndpoint build(byte[] b, StringCache strings) {
      return present
          ? new HubbleFlow.HubbleEndpoint(
              namespace.text(b, strings),
              podName.text(b, strings),
              labels,
              identity,
              workloadName,
              workloadKind)
          : null;
    }
  }

  /**
   * The fields of one line read so far; a flow is built only once the whole line has parsed. Reused
   * from line to line by one reader on one thread ({@link #reset()} before each line); ingestion
   * reads its spans and primitives directly, without building the {@link HubbleFlow}.
   */
  static final class Draft {
    boolean sawFlow;
    String otherEvent;
    Instant flowTime;
    final Span outerTimeText = new Span();
    Instant outerTime;
    JsonLines.BadInput badOuterTime;
    String flowNode;
    String outerNode;
    String verdict;
    final Span sourceIp = new Span();
    final Span destinationIp = new Span();
    final EndpointDraft source = new EndpointDraft();
    final EndpointDraft destination = new EndpointDraft();
    String l4Protocol;
    Integer sourcePort;
    boolean hasDestinationPort;
    int destinationPort;
    boolean syn;
    boolean ack;
    Boolean isReply;
    String trafficDirection;
    List<String> sourceNames;
    List<String> destinationNames;

    void reset() {
      sawFlow = false;
      otherEvent = null;
      flowTime = null;
      outerTimeText.clear();
      outerTime = null;
      badOuterTime = null;
      flowNode = null;
      outerNode = null;
      verdict = null;
      sourceIp.clear();
      destinationIp.clear();
      source.reset();
      destination.reset();
      l4Protocol = null;
      sourcePort = null;
      hasDestinationPort = false;
      destinationPort = 0;
      syn = false;
      ack = false;
      isReply = null;
      trafficDirection = null;
      sourceNames = List.of();
      destinationNames = List.of();
    }

    /** The flow's time: its own, else the response's. */
    Instant time() {
      return flowTime != null ? flowTime : outerTime;
    }

    HubbleFlow build(byte[] b, StringCache strings) {
      return new HubbleFlow(
          time(),
          verdict,
          sourceIp.text(b, strings),
          destinationIp.text(b, strings),
          source.build(b, strings),
          destination.build(b, strings),
          l4Protocol,
          sourcePort,
          hasDestinationPort ? destinationPort : null,
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
