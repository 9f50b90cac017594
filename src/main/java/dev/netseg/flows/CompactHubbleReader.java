package dev.netseg.flows;

import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the usual Hubble line for ingestion faster than {@link HubbleJsonParser#readLine} (about
 * 1.5 times, see docs/performance.md), or declines it. The usual line is what {@code hubble observe
 * -o json} and Cilium's exporter write: compact JSON (no whitespace between tokens), ASCII strings
 * without escapes, integers of at most 18 digits without fractions or exponents, at most 64 levels,
 * the flow wrapped once in {@code {"flow": ...}}. Such a line is read in one pass whose field names
 * are compared as whole words, with the syntax checked as strictly as {@link JsonCursor} checks it
 * (a line read here is well-formed JSON).
 *
 * <p>Anything else, including every error, is declined, and the caller reads the line with {@link
 * HubbleJsonParser#readLine} and its general rules: this reader never decides what is wrong with a
 * line, so it cannot count a line differently. When it does read a line it leaves the {@link
 * HubbleJsonParser.Draft} exactly as {@link HubbleJsonParser#readLine} of the ingestion parser
 * would ({@code CompactHubbleReaderAgreesWithParserTest}).
 *
 * <p>One instance reads one stream on one thread.
 */
final class CompactHubbleReader {
  private static final VarHandle LONGS = JsonCursor.LONGS;

  /** Deeper than this is declined (the general reader allows {@value JsonCursor#MAX_DEPTH}). */
  private static final int MAX_DEPTH = 64;

  /** The longest integer read or skipped here; longer ones are left to the general reader. */
  private static final int MAX_DIGITS = 18;

  /**
   * Thrown to decline a line. Declining is routine (a line cut by the end of the reader's buffer),
   * so it carries no message and no stack trace, and one immutable instance serves every decline.
   */
  private static final class Decline extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Decline() {
      super(null, null, false, false);
    }
  }

  private static final Decline DECLINE = new Decline();

  // Field names of each kind of object read, as Hubble's API names them (flow.proto). Those read
  // come first, in the order of the constants below; the others are named only so that their
  // names are recognised without a scan (their values are skipped). A name not listed is scanned.
  /** The flow's fields read besides its time, in the order of the FLOW_ numbers below. */
  private static final List<String> FLOW_FIELDS_READ =
      List.of(
          "verdict",
          "IP",
          "l4",
          "source",
          "destination",
          "source_names",
          "destination_names",
          "is_reply",
          "traffic_direction",
          "node_name");

  private static final Names TOP =
      new Names(
          Names.join(
              List.of("flow", "time", "node_name", "node_status", "lost_events"),
              // a bare flow's fields at the top level: left to the general reader
              FLOW_FIELDS_READ.subList(0, FLOW_FIELDS_READ.size() - 1)));
  private static final int TOP_FLOW = 0;
  private static final int TOP_TIME = 1;
  private static final int TOP_NODE_NAME = 2;

  private static final Names FLOW =
      new Names(
          Names.join(
              Names.join(List.of("time"), FLOW_FIELDS_READ),
              List.of( // skipped
                  "uuid",
                  "drop_reason",
                  "auth_type",
                  "ethernet",
                  "tunnel",
                  "Type",
                  "node_labels",
                  "l7",
                  "reply",
                  "event_type",
                  "source_service",
                  "destination_service",
                  "policy_match_type",
                  "trace_observation_point",
                  "trace_reason",
                  "file",
                  "drop_reason_desc",
                  "debug_capture_point",
                  "interface",
                  "proxy_port",
                  "trace_context",
                  "sock_xlate_point",
                  "socket_cookie",
                  "cgroup_id",
                  "Summary",
                  "extensions",
                  "egress_allowed_by",
                  "ingress_allowed_by",
                  "egress_denied_by",
                  "ingress_denied_by")));
  private static final int FLOW_TIME = 0;
  private static final int FLOW_VERDICT = 1;
  private static final int FLOW_IP = 2;
  private static final int FLOW_L4 = 3;
  private static final int FLOW_SOURCE = 4;
  private static final int FLOW_DESTINATION = 5;
  private static final int FLOW_SOURCE_NAMES = 6;
  private static final int FLOW_DESTINATION_NAMES = 7;
  private static final int FLOW_IS_REPLY = 8;
  private static final int FLOW_TRAFFIC_DIRECTION = 9;
  private static final int FLOW_NODE_NAME = 10;

  private static final Names IP =
      new Names("source", "destination", "ipVersion", "encrypted", "source_xlated");
  private static final int IP_SOURCE = 0;
  private static final int IP_DESTINATION = 1;

  private static final Names L4 =
      new Names("TCP", "UDP", "SCTP", "ICMPv4", "ICMPv6", "VRRP", "IGMP");
  private static final int L4_TCP = 0;
  private static final int L4_UDP = 1;
  private static final int L4_SCTP = 2;

  private static final Names PORTS = new Names("source_port", "destination_port", "flags");
  private static final int PORTS_SOURCE = 0;
  private static final int PORTS_DESTINATION = 1;
  private static final int PORTS_FLAGS = 2;

  private static final Names FLAGS =
      new Names("SYN", "ACK", "FIN", "RST", "PSH", "URG", "ECE", "CWR", "NS");
  private static final int FLAGS_SYN = 0;
  private static final int FLAGS_ACK = 1;

  private static final Names ENDPOINT =
      new Names("namespace", "pod_name", "labels", "identity", "workloads", "ID", "cluster_name");
  private static final int ENDPOINT_NAMESPACE = 0;
  private static final int ENDPOINT_POD_NAME = 1;
  private static final int ENDPOINT_LABELS = 2;
  private static final int ENDPOINT_IDENTITY = 3;
  private static final int ENDPOINT_WORKLOADS = 4;

  private static final Names WORKLOAD = new Names("name", "kind");

  /** Any object skipped: no names known. */
  private static final Names ANY = new Names(List.of());

  /** The verdicts the parser returns as constants; any other is declined. */
  private static final Names VERDICTS = new Names(HubbleJsonParser.VERDICTS);

  // The labels memo: one array per slot, by identity; at most 512 x 4 KB.
  private static final int LABEL_MEMO_SLOTS = 512;
  private static final int LABEL_MEMO_MAX_BYTES = 4096;

  /** What {@link #nextField} returns at the end of an object. */
  private static final int END = -1;

  /** A field name as little-endian words of its ASCII bytes, for comparing 8 bytes at a time. */
  private static final class Name {
    final String text;
    final int length;
    final long[] words;

    /** The name, its closing quote and the colon after it, as words; the last one masked. */
    final long[] member;

    final long lastMask;

    Name(String text) {
      this.text = text;
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      length = bytes.length;
      words = pack(bytes, length);
      byte[] withColon = Arrays.copyOf(bytes, length + 2);
      withColon[length] = '"';
      withColon[length + 1] = ':';
      member = pack(withColon, length + 2);
      int rest = (length + 2) % 8;
      lastMask = rest == 0 ? -1L : (1L << (8 * rest)) - 1;
    }

    private static long[] pack(byte[] bytes, int length) {
      long[] w = new long[(length + 7) / 8];
      for (int k = 0; k < length; k++) {
        w[k / 8] |= (bytes[k] & 0xFFL) << (8 * (k % 8));
      }
      return w;
    }
  }

  /** The names of one kind of object. */
  private static final class Names {
    final Name[] names;

    Names(String... texts) {
      this(List.of(texts));
    }

    Names(List<String> texts) {
      names = texts.stream().map(Name::new).toArray(Name[]::new);
    }

    /** The names of two lists, one after the other. */
    static List<String> join(List<String> first, List<String> then) {
      return Stream.concat(first.stream(), then.stream()).toList();
    }

    /** A reader's guesses for this kind: slot k for after name k, then unknown, then first. */
    int[] newGuesses() {
      int[] g = new int[names.length + 2];
      Arrays.fill(g, END);
      return g;
    }

    int unknown() {
      return names.length;
    }

    int start() {
      return names.length + 1;
    }
  }

  private final StringCache strings;
  // This reader's guess of the name that follows each name, per kind of object: Hubble writes a
  // flow's fields in the same order line after line, so a guess costs one compare where a scan
  // of the name costs a loop and a mispredicted branch at its end.
  private final int[] topGuesses = TOP.newGuesses();
  private final int[] flowGuesses = FLOW.newGuesses();
  private final int[] ipGuesses = IP.newGuesses();
  private final int[] l4Guesses = L4.newGuesses();
  private final int[] portGuesses = PORTS.newGuesses();
  private final int[] flagGuesses = FLAGS.newGuesses();
  private final int[] endpointGuesses = ENDPOINT.newGuesses();
  private final int[] workloadGuesses = WORKLOAD.newGuesses();
  // The labels array last checked for an identity, by identity (see skipLabels).
  private final byte[][] labelMemo = new byte[LABEL_MEMO_SLOTS][];
  private final long[] labelMemoIdentity = new long[LABEL_MEMO_SLOTS];

  // The line being read: valid during readLine only.
  private byte[] b;
  private int end;
  private int i;
  // Whether the last line declined was cut by the end of the data (the rest is not read yet).
  private boolean cut;
  // The member name just read: its first byte and length.
  private int keyFrom;
  private int keyLength;

  CompactHubbleReader(StringCache strings) {
    this.strings = strings;
  }

  /**
   * Reads the line that starts at {@code off} in a buffer of lines ending at {@code end} into
   * {@code d} (cleared first), when it is a usual line that ends with a newline before {@code end}.
   *
   * @return the index of that newline; -1 when declined ({@code d} then holds nothing of use)
   */
  int readLine(byte[] buf, int off, int end, HubbleJsonParser.Draft d) {
    d.reset();
    this.b = buf;
    this.end = end;
    this.i = off;
    this.cut = false;
    try {
      if (at(off) != '{') {
        return -1;
      }
      i = off + 1;
      readTop(d);
      if (at(i) != '\n') {
        return -1;
      }
      return i;
    } catch (Decline declined) {
      return -1;
    } finally {
      this.b = null;
    }
  }

  /**
   * Whether the last line {@link #readLine} declined ran into the end of the data before any
   * newline: then no reader can read it before more data comes.
   */
  boolean wasCut() {
    return cut;
  }

  // ---- the Hubble fields ingestion reads (as HubbleJsonParser reads them) ---------------------

  private void readTop(HubbleJsonParser.Draft d) {
    for (int f = TOP.start(); (f = nextField(TOP, topGuesses, f)) != END; ) {
      switch (f) {
        case TOP_FLOW:
          if (d.sawFlow) {
            throw DECLINE;
          }
          enterObject();
          d.sawFlow = true;
          readFlow(d);
          break;
        case TOP_TIME:
          if (d.outerTimeText.present) {
            throw DECLINE;
          }
          span(d.outerTimeText);
          break;
        case TOP_NODE_NAME:
          skipString();
          break;
        default:
          if (f != TOP.unknown()) {
            throw DECLINE; // not a flow, or a bare flow: rare, left to the general reader
          }
          skipValue(1);
      }
    }
    if (!d.sawFlow) {
      throw DECLINE;
    }
    if (d.flowTime == null && d.outerTimeText.present) {
      d.outerTime = time(d.outerTimeText.from, d.outerTimeText.to);
      d.outerTimeText.clear();
    }
  }

  private void readFlow(HubbleJsonParser.Draft d) {
    for (int f = FLOW.start(); (f = nextField(FLOW, flowGuesses, f)) != END; ) {
      switch (f) {
        case FLOW_TIME:
          int from = stringStart();
          d.flowTime = time(from, i - 1);
          break;
        case FLOW_VERDICT:
          d.verdict = verdict();
          break;
        case FLOW_IP:
          readIp(d);
          break;
        case FLOW_L4:
          readL4(d);
          break;
        case FLOW_SOURCE:
          readEndpoint(d.source);
          break;
        case FLOW_DESTINATION:
          readEndpoint(d.destination);
          break;
        case FLOW_SOURCE_NAMES:
          d.sourceNames = names();
          break;
        case FLOW_DESTINATION_NAMES:
          d.destinationNames = names();
          break;
        case FLOW_IS_REPLY:
          d.isReply = bool();
          break;
        case FLOW_TRAFFIC_DIRECTION:
        case FLOW_NODE_NAME:
          skipString(); // read but not kept by the ingestion parser
          break;
        default:
          skipValue(2);
      }
    }
  }

  private void readIp(HubbleJsonParser.Draft d) {
    enterObject();
    for (int f = IP.start(); (f = nextField(IP, ipGuesses, f)) != END; ) {
      if (f == IP_SOURCE) {
        span(d.sourceIp);
      } else if (f == IP_DESTINATION) {
        span(d.destinationIp);
      } else {
        skipValue(3);
      }
    }
  }

  private void readL4(HubbleJsonParser.Draft d) {
    enterObject();
    for (int f = L4.start(); (f = nextField(L4, l4Guesses, f)) != END; ) {
      if (f == L4_TCP) {
        d.l4Protocol = "TCP";
        readPorts(d);
      } else if (f == L4_UDP) {
        d.l4Protocol = "UDP";
        readPorts(d);
      } else if (f == L4_SCTP) {
        d.l4Protocol = "SCTP";
        readPorts(d);
      } else {
        // ICMPv4/ICMPv6 type and code, as the parser: the protocol named by the key, an object
        d.l4Protocol =
            f == L4.unknown()
                ? new String(b, keyFrom, keyLength, StandardCharsets.ISO_8859_1)
                : L4.names[f].text;
        if (at(i) != '{') {
          throw DECLINE;
        }
        skipValue(3);
      }
    }
  }

  private void readPorts(HubbleJsonParser.Draft d) {
    enterObject();
    for (int f = PORTS.start(); (f = nextField(PORTS, portGuesses, f)) != END; ) {
      if (f == PORTS_SOURCE) {
        integer(9); // checked to fit an int, not kept by the ingestion parser
        d.sourcePort = null;
      } else if (f == PORTS_DESTINATION) {
        d.destinationPort = (int) integer(9);
        d.hasDestinationPort = true;
      } else if (f == PORTS_FLAGS) {
        enterObject();
        for (int g = FLAGS.start(); (g = nextField(FLAGS, flagGuesses, g)) != END; ) {
          if (g == FLAGS_SYN) {
            d.syn = bool();
          } else if (g == FLAGS_ACK) {
            d.ack = bool();
          } else {
            skipValue(5);
          }
        }
      } else {
        skipValue(4);
      }
    }
  }

  private void readEndpoint(HubbleJsonParser.EndpointDraft e) {
    enterObject();
    e.reset(); // a repeated member replaces the first one whole, as in the parser
    e.present = true;
    long identity = -1;
    for (int f = ENDPOINT.start(); (f = nextField(ENDPOINT, endpointGuesses, f)) != END; ) {
      switch (f) {
        case ENDPOINT_NAMESPACE:
          span(e.namespace);
          break;
        case ENDPOINT_POD_NAME:
          span(e.podName);
          break;
        case ENDPOINT_LABELS:
          skipLabels(identity);
          break;
        case ENDPOINT_IDENTITY:
          identity = integer(MAX_DIGITS); // not kept by the ingestion parser
          break;
        case ENDPOINT_WORKLOADS:
          skipWorkloads();
          break;
        default:
          skipValue(3);
      }
    }
  }

  /** An array of objects whose {@code name} and {@code kind} must be strings (or null). */
  private void skipWorkloads() {
    if (at(i) != '[') {
      throw DECLINE;
    }
    i++;
    if (at(i) == ']') {
      i++;
      return;
    }
    while (true) {
      enterObject();
      for (int f = WORKLOAD.start(); (f = nextField(WORKLOAD, workloadGuesses, f)) != END; ) {
        if (f != WORKLOAD.unknown()) {
          skipString(); // name or kind
        } else {
          skipValue(5);
        }
      }
      if (!nextElement()) {
        return;
      }
    }
  }

  /**
   * An endpoint's labels, checked and dropped. Cilium derives the security identity from the
   * labels, so the labels of an identity (written before them) are the same bytes line after line:
   * a byte-identical copy of an array checked before is valid JSON without another scan.
   */
  private void skipLabels(long identity) {
    if (identity < 0) {
      skipStrings();
      return;
    }
    int slot = (int) (identity & (LABEL_MEMO_SLOTS - 1));
    byte[] memo = labelMemo[slot];
    if (memo != null
        && labelMemoIdentity[slot] == identity
        && i + memo.length <= end
        && Arrays.equals(b, i, i + memo.length, memo, 0, memo.length)) {
      i += memo.length;
      return;
    }
    int from = i;
    skipStrings();
    if (i - from <= LABEL_MEMO_MAX_BYTES) {
      labelMemo[slot] = Arrays.copyOfRange(b, from, i);
      labelMemoIdentity[slot] = identity;
    }
  }

  /** An array of strings, checked and dropped. */
  private void skipStrings() {
    if (at(i) != '[') {
      throw DECLINE;
    }
    i++;
    if (at(i) == ']') {
      i++;
      return;
    }
    do {
      skipString();
    } while (nextElement());
  }

  /** An array of strings, as {@link JsonCursor#strings}. */
  private List<String> names() {
    if (at(i) != '[') {
      throw DECLINE;
    }
    i++;
    if (at(i) == ']') {
      i++;
      return List.of();
    }
    List<String> out = new ArrayList<>(4);
    do {
      int from = stringStart();
      out.add(strings.ascii(b, from, i - 1));
    } while (nextElement());
    return List.copyOf(out);
  }

  private String verdict() {
    int from = stringStart();
    int length = i - 1 - from;
    long word = word(from, length);
    for (Name v : VERDICTS.names) {
      if (matches(v, from, length, word)) {
        return v.text;
      }
    }
    throw DECLINE; // another verdict: the general reader builds its string
  }

  private Instant time(int from, int to) {
    Instant t = Rfc3339.parse(b, from, to - from);
    if (t == null) {
      throw DECLINE;
    }
    return t;
  }

  // ---- compact JSON -----------------------------------------------------------------------------

  private byte at(int k) {
    if (k >= end) {
      throw cut();
    }
    return b[k];
  }

  /** Declines a line that the end of the data cuts. */
  private Decline cut() {
    cut = true;
    return DECLINE;
  }

  /** Enters the object that must stand next. */
  private void enterObject() {
    if (at(i) != '{') {
      throw DECLINE;
    }
    i++;
  }

  /**
   * Moves to the next member of the object being read whose value is not null (null counts as
   * absent, as in {@link JsonCursor#nextField}), reading its name and standing on its value.
   *
   * @param previous the number of the previous member's name in {@code names}, or its start
   * @return the number of this member's name in {@code names} ({@link Names#unknown()} for another
   *     name), or {@link #END} at the end of the object, which is then left
   */
  private int nextField(Names names, int[] guesses, int previous) {
    while (true) {
      if (!memberAhead(previous == names.start())) {
        return END;
      }
      int from = i + 1;
      int field;
      int guess = guesses[previous];
      if (guess != END && startsWith(names.names[guess], from)) {
        field = guess;
        keyLength = names.names[guess].length;
        i = from + keyLength + 2;
      } else {
        i = stringEnd(from);
        if (at(i) != ':') {
          throw DECLINE;
        }
        i++;
        keyLength = i - 2 - from;
        field = find(names, from, keyLength);
        guesses[previous] = field != names.unknown() ? field : END; // no guessing unknown names
      }
      keyFrom = from;
      if (at(i) != 'n') {
        return field;
      }
      literal('n', 'u', 'l', 'l');
      previous = field;
    }
  }

  /** Whether {@code name}, its closing quote and a colon stand at {@code from}. */
  private boolean startsWith(Name name, int from) {
    long[] member = name.member;
    int last = member.length - 1;
    if (from + 8 * member.length > Math.min(end, b.length)) {
      return false; // near the end of the data: the scan decides
    }
    for (int w = 0; w < last; w++) {
      if ((long) LONGS.get(b, from + 8 * w) != member[w]) {
        return false;
      }
    }
    return ((long) LONGS.get(b, from + 8 * last) & name.lastMask) == member[last];
  }

  /** The number of the name {@code b[from, from+length)} in {@code names}, or its unknown(). */
  private int find(Names names, int from, int length) {
    long word = word(from, length);
    Name[] all = names.names;
    for (int k = 0; k < all.length; k++) {
      if (matches(all[k], from, length, word)) {
        return k;
      }
    }
    return names.unknown();
  }

  /** After an element of an array: true at a comma (taken), false at the array's end (left). */
  private boolean nextElement() {
    byte c = at(i);
    if (c == ',') {
      i++;
      return true;
    }
    if (c == ']') {
      i++;
      return false;
    }
    throw DECLINE;
  }

  private boolean matches(Name name, int from, int length, long firstWord) {
    if (length != name.length || firstWord != name.words[0]) {
      return false;
    }
    for (int w = 1; w < name.words.length; w++) {
      if (word(from + 8 * w, length - 8 * w) != name.words[w]) {
        return false;
      }
    }
    return true;
  }

  /** The bytes {@code b[from, from+min(length, 8))} as a little-endian word, zero above. */
  private long word(int from, int length) {
    if (from + Long.BYTES <= b.length) {
      long w = (long) LONGS.get(b, from);
      return length >= Long.BYTES ? w : w & ((1L << (8 * length)) - 1);
    }
    long w = 0;
    for (int k = Math.min(length, Long.BYTES) - 1; k >= 0; k--) {
      w = (w << 8) | (b[from + k] & 0xFF);
    }
    return w;
  }

  /** Reads the string that must stand next into {@code span}. */
  private void span(Span span) {
    int from = stringStart();
    span.set(from, i - 1, true);
  }

  private void skipString() {
    stringStart();
  }

  /** Passes the string that must stand next; the index of its first content byte. */
  private int stringStart() {
    if (at(i) != '"') {
      throw DECLINE;
    }
    int from = i + 1;
    i = stringEnd(from);
    return from;
  }

  /**
   * The index after the closing quote of the string whose content starts at {@code k}. Declines a
   * string with an escape, a control character or a non-ASCII byte, or one the buffer cuts.
   */
  private int stringEnd(int k) {
    while (k + Long.BYTES <= end) {
      long found = JsonCursor.stringStops((long) LONGS.get(b, k));
      if (found != 0) {
        k += Long.numberOfTrailingZeros(found) >>> 3;
        if (b[k] != '"') {
          throw DECLINE;
        }
        return k + 1;
      }
      k += Long.BYTES;
    }
    while (k < end) {
      byte c = b[k];
      if (c == '"') {
        return k + 1;
      }
      if (c < 0x20 || c == '\\') {
        throw DECLINE; // control characters, escapes and (negative) non-ASCII bytes
      }
      k++;
    }
    throw cut();
  }

  private boolean bool() {
    byte c = at(i);
    if (c == 't') {
      literal('t', 'r', 'u', 'e');
      return true;
    }
    if (c == 'f' && at(i + 4) == 'e' && b[i + 1] == 'a' && b[i + 2] == 'l' && b[i + 3] == 's') {
      i += 5;
      return false;
    }
    throw DECLINE;
  }

  /** The four-letter word that must stand next. */
  private void literal(char c0, char c1, char c2, char c3) {
    if (at(i + 3) != c3 || b[i] != c0 || b[i + 1] != c1 || b[i + 2] != c2) {
      throw DECLINE;
    }
    i += 4;
  }

  /**
   * A non-negative integer of at most {@code maxDigits} digits without a leading zero, followed by
   * the end of its member or element; anything else is declined.
   */
  private long integer(int maxDigits) {
    if (i + Long.BYTES <= end) {
      long w = (long) LONGS.get(b, i);
      int digits = Long.numberOfTrailingZeros(nonDigits(w)) >>> 3;
      if (digits < Long.BYTES) {
        // up to 7 digits, read at once (ports, identities, endpoint IDs)
        byte c = b[i + digits];
        if (digits == 0
            || (b[i] == '0' && digits > 1)
            || (c != ',' && c != '}' && c != ']')
            || digits > maxDigits) {
          throw DECLINE; // a fraction, an exponent or a bad number
        }
        i += digits;
        return eightDigits(w << (8 * (Long.BYTES - digits)));
      }
    }
    int from = i;
    long value = 0;
    byte c = at(i);
    while (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      c = at(++i);
    }
    int digits = i - from;
    if (digits == 0 || digits > maxDigits || (b[from] == '0' && digits > 1)) {
      throw DECLINE;
    }
    if (c != ',' && c != '}' && c != ']') {
      throw DECLINE; // a fraction, an exponent or a bad number
    }
    return value;
  }

  /**
   * The high bit of each byte of {@code w} that is not an ASCII digit. Exact for every byte: each
   * sum stays within its byte.
   */
  static long nonDigits(long w) {
    long seven = w & 0x7F7F7F7F7F7F7F7FL;
    long atLeastZero = seven + 0x5050505050505050L; // high bit set from '0' (0x30) up
    long aboveNine = seven + 0x4646464646464646L; // high bit set from ':' (0x3A) up
    return (~atLeastZero | aboveNine | w) & 0x8080808080808080L; // w: non-ASCII bytes
  }

  /**
   * The value of eight ASCII digits in a little-endian word, the first in the lowest byte; zero
   * bytes count as leading zeros.
   */
  static long eightDigits(long w) {
    long v = (w & 0x0F0F0F0F0F0F0F0FL) * 2561 >>> 8;
    v = (v & 0x00FF00FF00FF00FFL) * 6553601 >>> 16;
    return (v & 0x0000FFFF0000FFFFL) * 42949672960001L >>> 32;
  }

  /** Skips the value that stands next, checking its syntax; {@code depth} of its container. */
  private void skipValue(int depth) {
    byte c = at(i);
    switch (c) {
      case '"':
        i = stringEnd(i + 1);
        return;
      case '{':
        if (depth >= MAX_DEPTH) {
          throw DECLINE;
        }
        i++;
        for (int f = ANY.start(); (f = nextMember(f)) != END; ) {
          skipValue(depth + 1);
        }
        return;
      case '[':
        if (depth >= MAX_DEPTH) {
          throw DECLINE;
        }
        i++;
        if (at(i) == ']') {
          i++;
          return;
        }
        do {
          skipValue(depth + 1);
        } while (nextElement());
        return;
      case 't':
        literal('t', 'r', 'u', 'e');
        return;
      case 'n':
        literal('n', 'u', 'l', 'l');
        return;
      case 'f':
        bool();
        return;
      case '-':
        i++;
        integer(MAX_DIGITS);
        return;
      default:
        integer(MAX_DIGITS);
    }
  }

  /** Like {@link #nextField} for a skipped object: any name, null values too. */
  private int nextMember(int previous) {
    if (!memberAhead(previous == ANY.start())) {
      return END;
    }
    i = stringEnd(i + 1);
    if (at(i) != ':') {
      throw DECLINE;
    }
    i++;
    return ANY.unknown();
  }

  /**
   * Steps over the comma before a member (none before the first) to the opening quote of its name.
   *
   * @return false at the end of the object, which is then left
   */
  private boolean memberAhead(boolean first) {
    byte c = at(i);
    if (c == '}') {
      i++;
      return false;
    }
    if (!first) {
      if (c != ',') {
        throw DECLINE;
      }
      c = at(++i);
    }
    if (c != '"') {
      throw DECLINE;
    }
    return true;
  }
}
