package dev.netseg.flows;

import dev.netseg.policy.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ingests Hubble lines into a {@link FlowLearner} straight from their bytes: the parser fills a
 * reused {@link HubbleJsonParser.Draft}, the interpreter's rules are applied to it, and the sides
 * are resolved from the namespace, pod name and address bytes through {@link BytesCache}s, without
 * building a {@link HubbleFlow}, a {@link FlowRecord} or their strings. That is most of a line's
 * cost besides parsing, for every one of millions of lines.
 *
 * <p>It takes this way only for the usual line: a known verdict, TCP/UDP/SCTP with a valid port,
 * valid addresses, sides that are a pod (plain ASCII names) or an address, and a record that
 * resolves. Any other line goes the general way ({@link HubbleJsonParser#build}, {@link
 * HubbleFlowInterpreter}, {@link FlowLearner#accept}) from the same draft, so the outcome, the
 * counts and the learned edges are always what the general way gives.
 *
 * <p>One instance reads one stream on one thread (the draft is reused); the caches it is given may
 * be shared.
 */
final class HubbleLineLearner {
  private final HubbleJsonParser parser;
  private final HubbleFlowInterpreter interpreter;
  private final FlowLearner learner;
  private final IngestCounter counter;
  // Pods and addresses by their bytes: most lines name pods and addresses seen before.
  private final ByteKeyTable<FlowLearner.PodSeen> pods = new ByteKeyTable<>(1024, 1 << 17);
  private final ByteKeyTable<FlowLearner.AddressSeen> addresses = new ByteKeyTable<>(1024, 1 << 17);
  private final HubbleJsonParser.Draft d = new HubbleJsonParser.Draft();

  HubbleLineLearner(
      HubbleJsonParser parser,
      HubbleFlowInterpreter interpreter,
      FlowLearner learner,
      IngestCounter counter) {
    this.parser = parser;
    this.interpreter = interpreter;
    this.learner = learner;
    this.counter = counter;
  }

  /**
   * Ingests the line {@code buf[off, off+len)} (not blank, no terminator), counting its outcome.
   */
  void line(byte[] buf, int off, int len) {
    Supplier<String> example = () -> example(buf, off, len);
    Outcome<HubbleFlow> parsed = parser.read(buf, off, len, d);
    if (parsed != null) {
      counter.count(parsed, example);
    } else if (!quick(buf, example)) {
      general(buf, example);
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
    int nl = parser.readLine(buf, off, end, d);
    if (nl < 0) {
      return -1;
    }
    int len = nl > off && buf[nl - 1] == '\r' ? nl - 1 - off : nl - off;
    Supplier<String> example = () -> example(buf, off, len);
    if (!quick(buf, example)) {
      general(buf, example);
    }
    return nl;
  }

  /** The interpreter's and the learner's way; the reference for {@link #quick}. */
  private void general(byte[] buf, Supplier<String> example) {
    Outcome<HubbleFlow> flow = parser.build(d, buf);
    Outcome<FlowRecord> outcome =
        flow instanceof Outcome.Accepted<HubbleFlow> a
            ? interpreter.interpret(a.value())
            : ((Outcome.Rejected<HubbleFlow>) flow).retype();
    if (outcome instanceof Outcome.Accepted<FlowRecord> a) {
      counter.accepted();
      learner.accept(a.value());
    } else {
      counter.count(outcome, example);
    }
  }

  /**
   * Handles the usual line the way {@link #general} would, from the draft's spans.
   *
   * @return false, having done nothing, when the line is not the usual one
   */
  private boolean quick(byte[] buf, Supplier<String> example) {
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
    // Every present address must be valid, a pod's too: the interpreter rejects the line if not.
    FlowLearner.AddressSeen sourceIp = address(buf, d.sourceIp);
    FlowLearner.AddressSeen destinationIp = address(buf, d.destinationIp);
    if ((d.sourceIp.present && sourceIp == null)
        || (d.destinationIp.present && destinationIp == null)) {
      return false;
    }
    boolean sourceIsPod = isPod(d.source);
    boolean destinationIsPod = isPod(d.destination);
    if ((sourceIsPod && !plain(d.source)) || (destinationIsPod && !plain(d.destination))) {
      return false; // escaped or non-ASCII names: built as strings by the general way
    }
    FlowLearner.PodSeen sourcePod = sourceIsPod ? pod(buf, d.source) : null;
    FlowLearner.PodSeen destinationPod = destinationIsPod ? pod(buf, d.destination) : null;
    if ((sourcePod == null && sourceIp == null)
        || (destinationPod == null && destinationIp == null)) {
      return false; // a side with no pod and no address: rejected, with the interpreter's words
    }
    // The interpreter's skips, in its order, with its details.
    if (Boolean.TRUE.equals(d.isReply)) {
      counter.count(SkipReason.REPLY, "is_reply", example);
      return true;
    }
    if (protocol == Protocol.TCP && d.ack) {
      if (d.syn) {
        counter.count(SkipReason.REPLY, "SYN-ACK", example);
      } else {
        counter.count(SkipReason.NOT_CONNECTION_START, "ACK without SYN", example);
      }
      return true;
    }
    if (!learner.learnParts(
        sourcePod,
        sourceIp,
        sourcePod == null ? d.sourceNames : List.of(),
        destinationPod,
        destinationIp,
        destinationPod == null ? d.destinationNames : List.of(),
        protocol,
        d.destinationPort,
        time,
        verdict)) {
      return false; // unresolved: the learner counts it with the record as its example
    }
    counter.accepted();
    return true;
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

  /** The valid address of a plain span, or null (absent, escaped, or not an address). */
  private FlowLearner.AddressSeen address(byte[] buf, Span ip) {
    if (!ip.present || !ip.plain) {
      return null;
    }
    int h = ByteKeyTable.hash(buf, ip.from, ip.to, ip.to, ip.to);
    FlowLearner.AddressSeen hit = addresses.get(h, buf, ip.from, ip.to, ip.to, ip.to);
    if (hit != null) {
      return hit;
    }
    String text = new String(buf, ip.from, ip.to - ip.from, StandardCharsets.ISO_8859_1);
    AddressCache.Parsed parsed = AddressCache.parseUncached(text);
    return parsed == null
        ? null
        : addresses.put(h, buf, ip.from, ip.to, ip.to, ip.to, new FlowLearner.AddressSeen(parsed));
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

  private static boolean plain(HubbleJsonParser.EndpointDraft side) {
    return side.namespace.plain && side.podName.plain;
  }

  /** The pod a side names, both names plain ASCII. */
  private FlowLearner.PodSeen pod(byte[] buf, HubbleJsonParser.EndpointDraft side) {
    Span ns = side.namespace;
    Span name = side.podName;
    int h = ByteKeyTable.hash(buf, ns.from, ns.to, name.from, name.to);
    FlowLearner.PodSeen hit = pods.get(h, buf, ns.from, ns.to, name.from, name.to);
    if (hit != null) {
      return hit;
    }
    PodKey key = new PodKey(ascii(buf, ns), ascii(buf, name));
    return pods.put(h, buf, ns.from, ns.to, name.from, name.to, new FlowLearner.PodSeen(key));
  }

  private static String ascii(byte[] buf, Span s) {
    return new String(buf, s.from, s.to - s.from, StandardCharsets.ISO_8859_1);
  }

  private static String example(byte[] buf, int off, int len) {
    return FlowReader.example(buf, off, len);
  }
}
