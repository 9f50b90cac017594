package dev.netseg.flows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads flow lines from a stream (the CLI's {@code --flows FILE}, an exporter file) and hands every
 * accepted {@link FlowRecord} to a sink, counting the rest by reason in an {@link IngestCounter}.
 * Bad input never stops it: invalid JSON, wrong types, non-UTF-8 bytes, a line longer than the
 * limit or a truncated last line are each one rejected line; blank lines are counted apart. A line
 * reaches the sink only once it has parsed whole, so nothing is ever half-applied. Only I/O errors
 * of the stream itself are thrown.
 *
 * <p>Lines are split on {@code \n} ({@code \r\n} works too) and parsed straight from the read
 * buffer as UTF-8 bytes. Stateless between calls; one call reads one stream on the caller's thread.
 */
public final class FlowReader {
  /** Lines longer than this are rejected ({@link RejectReason#LINE_TOO_LONG}). */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  private static final int BUFFER_BYTES = 1 << 16;

  private final HubbleJsonParser hubble;
  private final HubbleFlowInterpreter interpreter;
  private final GenericFlowParser generic;
  private final int maxLineBytes;

  public FlowReader() {
    this(
        HubbleJsonParser.forIngestion(),
        new HubbleFlowInterpreter(),
        new GenericFlowParser(),
        DEFAULT_MAX_LINE_BYTES);
  }

  public FlowReader(
      HubbleJsonParser hubble,
      HubbleFlowInterpreter interpreter,
      GenericFlowParser generic,
      int maxLineBytes) {
    this.hubble = Objects.requireNonNull(hubble, "hubble");
    this.interpreter = Objects.requireNonNull(interpreter, "interpreter");
    this.generic = Objects.requireNonNull(generic, "generic");
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  /** Reads a whole file; see {@link #read(InputStream, FlowFormat, Consumer, IngestCounter)}. */
  public FlowFormat read(
      Path file, FlowFormat format, Consumer<? super FlowRecord> sink, IngestCounter counter)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, format, sink, counter);
    }
  }

  /**
   * The format of one line, from its top-level field names: {@code flow}, {@code IP}, {@code l4},
   * {@code source}, {@code destination}, {@code verdict}, {@code node_status} or {@code
   * lost_events} mean Hubble; {@code src} or {@code dst} mean the netseg format; {@code time} and
   * unknown names tell nothing. Empty when the line does not tell (or is not JSON).
   */
  public Optional<FlowFormat> detect(byte[] buf, int off, int len) {
    JsonCursor c = new JsonCursor(buf, off, len, null);
    try {
      if (c.start() != '{') {
        return Optional.empty();
      }
      c.object("", "line");
      while (c.nextMember()) {
        if (c.keyIs("src") || c.keyIs("dst")) {
          return Optional.of(FlowFormat.GENERIC);
        }
        for (String hubbleField : HUBBLE_FIELDS) {
          if (c.keyIs(hubbleField)) {
            return Optional.of(FlowFormat.HUBBLE);
          }
        }
        c.skipValue();
      }
      return Optional.empty();
    } catch (JsonLines.BadInput e) {
      return Optional.empty();
    }
  }

  private static final List<String> HUBBLE_FIELDS =
      List.of("flow", "IP", "l4", "source", "destination", "verdict", "node_status", "lost_events");

  /**
   * Reads {@code in} to its end.
   *
   * @param format the lines' format, or {@link FlowFormat#AUTO} to take it from the first line that
   *     tells (lines before it that tell nothing are rejected as {@link
   *     RejectReason#UNKNOWN_FORMAT}, or with their JSON error)
   * @return the format the lines were read as ({@link FlowFormat#AUTO} if no line told)
   */
  public FlowFormat read(
      InputStream in, FlowFormat format, Consumer<? super FlowRecord> sink, IngestCounter counter)
      throws IOException {
    FlowFormat current = Objects.requireNonNull(format, "format");
    // Lines learned straight from their bytes when they go to a learner (see HubbleLineLearner).
    HubbleLineLearner fast =
        sink instanceof FlowLearner learner
            ? new HubbleLineLearner(hubble, interpreter, learner, counter)
            : null;
    byte[] buf = new byte[Math.min(BUFFER_BYTES, maxLineBytes + 1)];
    int start = 0; // first byte of the current line
    int end = 0; // end of the data in buf
    boolean tooLong = false; // discarding the rest of an over-long line
    while (true) {
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        break;
      }
      end += n;
      int scanFrom = end - n;
      while (true) {
        if (fast != null && !tooLong && current == FlowFormat.HUBBLE) {
          int done = fast.lineAt(buf, start, end); // the usual line, without a scan for its end
          if (done >= 0) {
            start = done + 1;
            scanFrom = start;
            continue;
          }
        }
        int nl = indexOfNewline(buf, Math.max(start, scanFrom), end);
        if (nl < 0) {
          break;
        }
        if (tooLong) {
          tooLong = false;
        } else {
          current = line(buf, start, nl - start, current, sink, counter, fast);
        }
        start = nl + 1;
        scanFrom = start;
      }
      if (tooLong) {
        start = end; // still inside the over-long line: drop what was read
      } else if (end - start > maxLineBytes) {
        tooLong = true;
        int shown = Math.min(end - start, IngestCounter.MAX_EXAMPLE_CHARS);
        byte[] head = Arrays.copyOfRange(buf, start, start + shown);
        counter.count(
            RejectReason.LINE_TOO_LONG,
            "longer than " + maxLineBytes + " bytes",
            () -> new String(head, StandardCharsets.UTF_8));
        start = end;
      }
      if (start == end) {
        start = 0;
        end = 0;
      } else if (end == buf.length) {
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        } else {
          buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 1));
        }
      }
    }
    if (!tooLong && end > start) {
      current = line(buf, start, end - start, current, sink, counter, fast); // no final newline
    }
    return current;
  }

  /**
   * Parses one line in the given format ({@link FlowFormat#HUBBLE} or {@link FlowFormat#GENERIC}).
   */
  public Outcome<FlowRecord> parseLine(byte[] buf, int off, int len, FlowFormat format) {
    switch (format) {
      case HUBBLE:
        Outcome<HubbleFlow> flow = hubble.parse(buf, off, len);
        if (flow instanceof Outcome.Accepted<HubbleFlow> a) {
          return interpreter.interpret(a.value());
        }
        if (flow instanceof Outcome.Skipped<HubbleFlow> s) {
          return s.retype();
        }
        return ((Outcome.Rejected<HubbleFlow>) flow).retype();
      case GENERIC:
        return generic.parse(buf, off, len);
      default:
        throw new IllegalArgumentException("parseLine needs HUBBLE or GENERIC, not " + format);
    }
  }

  private FlowFormat line(
      byte[] buf,
      int off,
      int rawLen,
      FlowFormat format,
      Consumer<? super FlowRecord> sink,
      IngestCounter counter,
      HubbleLineLearner fast) {
    int len = rawLen > 0 && buf[off + rawLen - 1] == '\r' ? rawLen - 1 : rawLen;
    if (isBlank(buf, off, len)) {
      counter.blankLine();
      return format;
    }
    FlowFormat use = format;
    if (use == FlowFormat.AUTO) {
      use = detect(buf, off, len).orElse(null);
      if (use == null) {
        // Say why with the JSON error when there is one; the Hubble parser's is as good as any.
        Outcome<HubbleFlow> attempt = hubble.parse(buf, off, len);
        Outcome.Rejected<FlowRecord> rejected =
            attempt instanceof Outcome.Rejected<HubbleFlow> r
                    && r.reason() != RejectReason.MISSING_FIELD
                ? r.retype()
                : new Outcome.Rejected<>(
                    RejectReason.UNKNOWN_FORMAT, "neither Hubble JSON nor netseg flow JSON");
        counter.count(rejected, () -> example(buf, off, len));
        return format;
      }
    }
    if (use == FlowFormat.HUBBLE && fast != null) {
      fast.line(buf, off, len);
      return use;
    }
    Outcome<FlowRecord> outcome = parseLine(buf, off, len, use);
    if (outcome instanceof Outcome.Accepted<FlowRecord> a) {
      counter.accepted();
      if (sink instanceof FlowLearner learner) {
        learner.learn(a.value(), () -> example(buf, off, len)); // the line, for messages
      } else {
        sink.accept(a.value());
      }
    } else {
      counter.count(outcome, () -> example(buf, off, len));
    }
    return use;
  }

  static String example(byte[] buf, int off, int len) {
    // Decoding replaces bad UTF-8, so even a garbage line gives a printable example.
    int shown = Math.min(len, IngestCounter.MAX_EXAMPLE_CHARS * 4);
    return new String(buf, off, shown, StandardCharsets.UTF_8);
  }

  private static boolean isBlank(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The first newline in {@code buf[from, to)}, or -1. Eight bytes per step: the scan runs over
   * every byte before Jackson does, and byte by byte it cost a tenth of the whole ingestion. A byte
   * of {@code word ^ NEWLINES} is zero where a newline is; the classic zero-byte test marks it, and
   * may also mark bytes after it, never before, so the lowest mark is the first newline.
   */
  static int indexOfNewline(byte[] buf, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(buf, i) ^ NEWLINES;
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
