package dev.netseg.flows;

import dev.netseg.policy.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Ingests Hubble lines into a {@link FlowLearner} straight from their bytes: the parser fills a
 * reused {@link HubbleJsonParser.Draft}, the interpreter's rules are applied to it, and the sides
 * are resolved from the namespace, pod name and address bytes through {@link ByteKeyTable}s,
 * without building a {@link HubbleFlow}, a {@link FlowRecord} or their strings. That was most of a
 * line's cost besides parsing, for every one of millions of lines.
 *
 * <p>It takes this way only for the usual line: a known verdict, TCP/UDP/SCTP with a valid port,
 * valid addresses, sides that are a pod (plain ASCII names) or an address, and a record that
 * resolves. Any other line goes the general way ({@link HubbleJsonParser#build}, {@link
 * HubbleFlowInterpreter}, {@link FlowLearner#accept}) from the same draft, so the outcome, the
 * counts and the learned edges are always what the general way gives.
 *
 * <p>One instance reads one stream on one thread: the draft and the tables are its own.
 */
final class HubbleLineLearner {
  private final HubbleJsonParser parser;
  private final HubbleFlowInterpreter interpreter;
  private final FlowLearner learner;
  private final IngestCounter counter;
  // Sides by their bytes: most lines name pods and addresses seen before.
  private final ByteKeyTable<FlowLearner.PodSeen> pods = new ByteKeyTable<>(1024, 1 << 17);
  private final ByteKeyTable<FlowLearner.AddressSeen> addresses = new ByteKeyTable<>(1024, 1 << 17);
  private final HubbleJsonParser.Draft d = new HubbleJsonParser.Draft();
  // The usual line's reader; null when the parser keeps every field.
  private final CompactHubbleReader compact;
  // When records' hints (workloads, labels) decide pods' workloads: a pod's first line, and every
  // line that goes the general way, is read whole by this parser (the draft may lack the hints);
  // the pod's later usual lines reuse what its first one decided.
  private final HubbleJsonParser whole;
  // The line being ingested, for the example a reason's first occurrence asks for: one supplier
  // for every line rather than a new one per line (the counter asks for it at once, or never).
  private byte[] lineBuf;
  private int lineOff;
  private int lineLen;
  private final Supplier<String> example = () -> FlowReader.example(lineBuf, lineOff, lineLen);

  HubbleLineLearner(
      HubbleJsonParser parser,
      HubbleFlowInterpreter interpreter,
      FlowLearner learner,
      IngestCounter counter) {
    this.parser = parser;
    this.interpreter = interpreter;
    this.learner = learner;
    this.counter = counter;
    this.compact = parser.compactReader();
    this.whole = learner.usesHints() ? new HubbleJsonParser() : null;
  }

  /**
   * Ingests the line {@code buf[off, off+len)} (not blank, no terminator), counting its outcome.
   */
  void line(byte[] buf, int off, int len) {
    currentLine(buf, off, len);
    Outcome<HubbleFlow> parsed = parser.read(buf, off, len, d);
    if (parsed != null) {
      counter.count(parsed, example);
    } else if (!quick(buf)) {
      general(buf);
    }
  }

  /**
   * Ingests the line that starts at {@code off} in a buffer of lines ending at {@code end} when it
   * can without finding the line's end first (see {@link HubbleJsonParser#readLine}).
   *
   * @return the index of the newline ending the line it ingested; -1 when it did nothing, and the
   *     caller should find the line's end and call {@link #line}
   */
  int lineAt(byte[] buf, int off, int end) {
    int nl = -1;
    if (compact != null) {
      nl = compact.readLine(buf, off, end, d);
      if (nl < 0 && compact.wasCut()) {
        return -1; // the rest of the line is not read yet: the parser could not read it either
      }
    }
    if (nl < 0) {
      nl = parser.readLine(buf, off, end, d);
    }
    if (nl < 0) {
      return -1;
    }
    int len = nl > off && buf[nl - 1] == '\r' ? nl - 1 - off : nl - off;
    currentLine(buf, off, len);
    if (!quick(buf)) {
      general(buf);
    }
    return nl;
  }

  /** The interpreter's and the learner's way; the reference for {@link #quick}. */
  private void general(byte[] buf) {
    // read again keeping the hints, when they count: the same outcome as the draft's
    Outcome<HubbleFlow> flow =
        whole != null ? whole.parse(lineBuf, lineOff, lineLen) : parser.build(d, buf);
    Outcome<FlowRecord> outcome =
        flow instanceof Outcome.Accepted<HubbleFlow> a
            ? interpreter.interpret(a.value())
            : flow instanceof Outcome.Skipped<HubbleFlow> skip
                ? skip.retype()
                : ((Outcome.Rejected<HubbleFlow>) flow).retype();
    if (outcome instanceof Outcome.Accepted<FlowRecord> a) {
      counter.accepted();
      learner.learn(a.value(), example);
    } else {
      counter.count(outcome, example);
    }
  }

  /**
   * Handles the usual line the way {@link #general} would, from the draft's spans.
   *
   * @return false, having done nothing, when the line is not the usual one
   */
  private boolean quick(byte[] buf) {
    Instant time = d.time();
    if (time == null || (d.flowTime == null && d.badOuterTime != null)) {
      return false;
    }
    FlowVerdict verdict = verdict(d.verdict);
    Protocol protocol = protocol(d.l4Protocol);
    if (verdict == null
        || protocol == null
        || !d.hasDestinationPort
        || d.destinationPort < 1
        || d.destinationPort > 65535) {
      return false;
    }
    // Each side a pod (with a valid address if it has one) or a valid address; else the general
    // way, which rejects the line with the interpreter's words.
    if (Boolean.TRUE.equals(d.isReply) || (protocol == Protocol.TCP && d.ack)) {
      // Half the lines are replies and ACK packets: they only need their sides to be valid, which a
      // dotted quad plainly is, so they cost no table lookup (two cache misses) unless unusual.
      if (!valid(buf, d.source, d.sourceIp) || !valid(buf, d.destination, d.destinationIp)) {
        return false;
      }
      return skipped();
    }
    Object source = side(buf, d.source, d.sourceIp);
    Object destination = side(buf, d.destination, d.destinationIp);
    if (source == null || destination == null) {
      return false;
    }
    if (!learner.learnParts(
        source instanceof FlowLearner.PodSeen pod ? pod : null,
        source instanceof FlowLearner.AddressSeen address ? address : null,
        d.sourceNames,
        destination instanceof FlowLearner.PodSeen pod ? pod : null,
        destination instanceof FlowLearner.AddressSeen address ? address : null,
        d.destinationNames,
        protocol,
        d.destinationPort,
        time,
        verdict)) {
      return false; // unresolved: the learner counts it with the record as its example
    }
    counter.accepted();
    return true;
  }

  /** Counts the interpreter's skips, in its order, with its details; true. */
  private boolean skipped() {
    if (Boolean.TRUE.equals(d.isReply)) {
      counter.count(SkipReason.REPLY, "is_reply", example);
    } else if (d.syn) {
      counter.count(SkipReason.REPLY, "SYN-ACK", example);
    } else {
      counter.count(SkipReason.NOT_CONNECTION_START, "ACK without SYN", example);
    }
    return true;
  }

  /** Whether {@link #side} would take this side (is not null), looking it up only if unusual. */
  private boolean valid(byte[] buf, HubbleJsonParser.EndpointDraft side, Span ip) {
    if (ip.present && !ip.plain) {
      return false;
    }
    boolean plainly =
        isPod(side)
            ? side.namespace.plain
                && side.podName.plain
                && (!ip.present || dottedQuad(buf, ip.from, ip.to))
            : ip.present && dottedQuad(buf, ip.from, ip.to);
    return plainly || side(buf, side, ip) != null;
  }

  /**
   * Whether {@code b[from, to)} is an IPv4 address in dotted-decimal form without leading zeros,
   * which {@link AddressCache#parse} always takes (false says nothing: the table then decides).
   */
  static boolean dottedQuad(byte[] b, int from, int to) {
    int i = from;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (i >= to || b[i] != '.') {
          return false;
        }
        i++;
      }
      int start = i;
      int value = 0;
      while (i < to && i - start < 3 && b[i] >= '0' && b[i] <= '9') {
        value = value * 10 + (b[i] - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && b[start] == '0')) {
        return false;
      }
    }
    return i == to;
  }

  /**
   * The verdicts that carry a policy decision, as {@link HubbleFlowInterpreter#verdict}; null for
   * the others, which the general way skips. The parser returns the names as these constants.
   */
  private static FlowVerdict verdict(String name) {
    if (name == null) {
      return null;
    }
    return HubbleFlowInterpreter.verdict(name);
  }

  private static Protocol protocol(String l4) {
    // the parser sets these constants for the three it reads ports of
    if ("TCP".equals(l4)) {
      return Protocol.TCP;
    }
    if ("UDP".equals(l4)) {
      return Protocol.UDP;
    }
    if ("SCTP".equals(l4)) {
      return Protocol.SCTP;
    }
    return null;
  }

  /**
   * One side as the interpreter takes it, looked up by its bytes (namespace, pod name and address
   * together, one lookup): a {@link FlowLearner.PodSeen} for a pod (whose address, if any, is
   * valid), a {@link FlowLearner.AddressSeen} for an address; null when the general way must decide
   * (escaped or non-ASCII text, an invalid address, no pod and no address).
   */
  private Object side(byte[] buf, HubbleJsonParser.EndpointDraft side, Span ip) {
    if (ip.present && !ip.plain) {
      return null;
    }
    int ipFrom = ip.present ? ip.from : 0;
    int ipTo = ip.present ? ip.to : 0;
    if (isPod(side)) {
      Span ns = side.namespace;
      Span name = side.podName;
      if (!ns.plain || !name.plain) {
        return null;
      }
      int h = ByteKeyTable.hash(buf, ns.from, ns.to, name.from, name.to, ipFrom, ipTo);
      FlowLearner.PodSeen hit = pods.get(h, buf, ns.from, ns.to, name.from, name.to, ipFrom, ipTo);
      if (hit != null) {
        return hit;
      }
      if (ip.present && interpreter.address(ascii(buf, ip)) == null) {
        return null;
      }
      PodKey key = new PodKey(ascii(buf, ns), ascii(buf, name));
      FlowLearner.PodSeen seen =
          pods.put(
              h,
              buf,
              ns.from,
              ns.to,
              name.from,
              name.to,
              ipFrom,
              ipTo,
              new FlowLearner.PodSeen(key));
      // with hints, a pod's first line decides its workload from them: the general way
      return whole != null ? null : seen;
    }
    if (!ip.present) {
      return null;
    }
    int h = ByteKeyTable.hash(buf, 0, 0, 0, 0, ip.from, ip.to);
    FlowLearner.AddressSeen hit = addresses.get(h, buf, 0, 0, 0, 0, ip.from, ip.to);
    if (hit != null) {
      return hit;
    }
    AddressCache.Parsed parsed = interpreter.address(ascii(buf, ip));
    return parsed == null
        ? null
        : addresses.put(h, buf, 0, 0, 0, 0, ip.from, ip.to, new FlowLearner.AddressSeen(parsed));
  }

  /** Whether the interpreter takes a side as a pod: a non-empty namespace and pod name. */
  private static boolean isPod(HubbleJsonParser.EndpointDraft side) {
    // an escaped or non-ASCII string is never empty, so the span's length tells
    return side.present
        && side.namespace.present
        && side.podName.present
        && side.namespace.to > side.namespace.from
        && side.podName.to > side.podName.from;
  }

  private static String ascii(byte[] buf, Span s) {
    return new String(buf, s.from, s.to - s.from, StandardCharsets.ISO_8859_1);
  }

  private void currentLine(byte[] buf, int off, int len) {
    lineBuf = buf;
    lineOff = off;
    lineLen = len;
  }
}
