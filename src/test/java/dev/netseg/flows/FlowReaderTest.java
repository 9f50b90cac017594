package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowReaderTest {
  private static final String GOOD_GENERIC =
      "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"namespace\":\"a\",\"pod\":\"p\"},"
          + "\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":80}";

  private final FlowReader reader = new FlowReader();

  private record Run(List<FlowRecord> records, IngestStats stats, FlowFormat format) {}

  private Run read(byte[] input, FlowFormat format) throws IOException {
    return read(reader, new ByteArrayInputStream(input), format);
  }

  private static Run read(FlowReader reader, InputStream in, FlowFormat format) throws IOException {
    List<FlowRecord> records = new ArrayList<>();
    IngestCounter counter = new IngestCounter();
    FlowFormat used = reader.read(in, format, records::add, counter);
    return new Run(records, counter.snapshot(), used);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void detectsHubbleAndCountsEveryRecordedLineByOutcome() throws IOException {
    Run run = read(Recorded.bytes(), FlowFormat.AUTO);

    assertThat(run.format()).isEqualTo(FlowFormat.HUBBLE);
    IngestStats s = run.stats();
    // SYN x2 (egress and ingress), UDP query, drop, audit, world x2, reused IP x2, world client
    assertThat(s.accepted()).isEqualTo(10);
    assertThat(run.records()).hasSize(10);
    assertThat(s.count(SkipReason.REPLY)).isEqualTo(2);
    assertThat(s.count(SkipReason.NOT_CONNECTION_START)).isEqualTo(1);
    assertThat(s.count(SkipReason.UNSUPPORTED_PROTOCOL)).isEqualTo(1);
    assertThat(s.count(SkipReason.NOT_A_FLOW)).isEqualTo(1);
    assertThat(s.rejectedTotal()).isZero();
    assertThat(s.total()).isEqualTo(Recorded.lines().size());
  }

  @Test
  void readsTheDocumentedExamplesAndConverterOutputsWithoutARejection() throws IOException {
    byte[] input;
    try (InputStream in = getClass().getResourceAsStream("/flows/generic-documented.jsonl")) {
      input = in.readAllBytes();
    }

    Run run = read(input, FlowFormat.AUTO);

    assertThat(run.format()).isEqualTo(FlowFormat.GENERIC);
    assertThat(run.stats().rejected()).isEmpty();
    assertThat(run.records()).hasSize(10);
    assertThat(run.records()).filteredOn(r -> r.verdict() == FlowVerdict.DROPPED).hasSize(3);
  }

  @Test
  void detectsTheGenericFormat() throws IOException {
    Run run = read(utf8(GOOD_GENERIC + "\n" + GOOD_GENERIC + "\n"), FlowFormat.AUTO);

    assertThat(run.format()).isEqualTo(FlowFormat.GENERIC);
    assertThat(run.records()).hasSize(2);
  }

  @Test
  void countsEachMalformedLineByReasonWithItsFirstExampleAndGoesOn() throws IOException {
    String input =
        String.join(
            "\n",
            "not json at all",
            GOOD_GENERIC,
            "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.1\"},\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":0}",
            "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.1\"},\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":70000}",
            "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.1\"},\"dst\":{\"ip\":\"300.1.1.1\"},\"port\":80}",
            "{\"time\":\"2024-05-01T10:00:00Z\",\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":80}",
            "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.1\"},\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":\"http\"}",
            "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.1\"},\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":true}",
            "",
            "   ",
            GOOD_GENERIC,
            "{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.1\"},\"dst\":{\"ip\":\"10.0");
    List<String> firsts = new ArrayList<>();
    List<FlowRecord> records = new ArrayList<>();
    IngestCounter counter =
        new IngestCounter((reason, detail, example) -> firsts.add(reason + "|" + example));

    reader.read(new ByteArrayInputStream(utf8(input)), FlowFormat.GENERIC, records::add, counter);

    IngestStats s = counter.snapshot();
    assertThat(records).hasSize(2);
    assertThat(s.accepted()).isEqualTo(2);
    assertThat(s.blankLines()).isEqualTo(2);
    assertThat(s.count(RejectReason.BAD_JSON)).isEqualTo(1);
    assertThat(s.count(RejectReason.PORT_OUT_OF_RANGE)).isEqualTo(2);
    assertThat(s.count(RejectReason.BAD_ADDRESS)).isEqualTo(1);
    assertThat(s.count(RejectReason.MISSING_FIELD)).isEqualTo(1);
    assertThat(s.count(RejectReason.WRONG_TYPE)).isEqualTo(2);
    assertThat(s.count(RejectReason.TRUNCATED)).isEqualTo(1);
    assertThat(s.rejected().get(RejectReason.PORT_OUT_OF_RANGE).firstDetail()).isEqualTo("port: 0");
    assertThat(s.rejected().get(RejectReason.WRONG_TYPE).firstExample()).contains("\"http\"");
    assertThat(s.rejected().get(RejectReason.MISSING_FIELD).firstDetail()).isEqualTo("src");
    // the listener hears each reason once, with the first line that had it
    assertThat(firsts)
        .containsExactly(
            "BAD_JSON|not json at all",
            "PORT_OUT_OF_RANGE|" + input.lines().toList().get(2),
            "BAD_ADDRESS|" + input.lines().toList().get(4),
            "MISSING_FIELD|" + input.lines().toList().get(5),
            "WRONG_TYPE|" + input.lines().toList().get(6),
            "TRUNCATED|" + input.lines().toList().get(11));
  }

  @Test
  void rejectsLinesBeforeTheFormatIsKnownAndKeepsTheFormatOnceKnown() throws IOException {
    String input =
        String.join(
            "\n",
            "{\"time\":\"2024-05-01T10:00:00Z\"}",
            "{garbage",
            GOOD_GENERIC,
            Recorded.line(Recorded.SYN));

    Run run = read(utf8(input), FlowFormat.AUTO);

    assertThat(run.format()).isEqualTo(FlowFormat.GENERIC);
    assertThat(run.stats().count(RejectReason.UNKNOWN_FORMAT)).isEqualTo(1);
    assertThat(run.stats().count(RejectReason.BAD_JSON)).isEqualTo(1);
    // a Hubble line in a generic stream has no src: it is not silently read as Hubble
    assertThat(run.stats().count(RejectReason.MISSING_FIELD)).isEqualTo(1);
    assertThat(run.records()).hasSize(1);
  }

  @Test
  void survivesNonUtf8GarbageAndBinaryNoise() throws IOException {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(utf8(GOOD_GENERIC + "\n"));
    input.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x01, '\n'});
    input.writeBytes(
        utf8("{\"time\":\"2024-05-01T10:00:00Z\",\"src\":{\"namespace\":\"a\",\"pod\":\""));
    input.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28});
    input.writeBytes(utf8("\"},\"dst\":{\"ip\":\"10.0.0.2\"},\"port\":80}\n"));
    input.writeBytes(utf8(GOOD_GENERIC));

    Run run = read(input.toByteArray(), FlowFormat.GENERIC);

    assertThat(run.records()).hasSize(2);
    assertThat(run.stats().count(RejectReason.NOT_UTF8)).isEqualTo(1);
    assertThat(run.stats().count(RejectReason.BAD_JSON)).isEqualTo(1);
    assertThat(run.stats().rejected().get(RejectReason.NOT_UTF8).firstExample())
        .contains("\"pod\":\"\uFFFD(");
  }

  @Test
  void rejectsOverLongLinesWholeAndReadsTheNextOne() throws IOException {
    FlowReader small =
        new FlowReader(
            new HubbleJsonParser(), new HubbleFlowInterpreter(), new GenericFlowParser(), 200);
    String longLine = "{\"padding\":\"" + "x".repeat(5_000) + "\"," + GOOD_GENERIC.substring(1);
    String input = GOOD_GENERIC + "\n" + longLine + "\n" + GOOD_GENERIC + "\n" + longLine;

    Run run = read(small, new ByteArrayInputStream(utf8(input)), FlowFormat.GENERIC);

    assertThat(run.records()).hasSize(2);
    assertThat(run.stats().count(RejectReason.LINE_TOO_LONG)).isEqualTo(2);
    assertThat(run.stats().rejected().get(RejectReason.LINE_TOO_LONG).firstExample())
        .startsWith("{\"padding\":\"xxx");
  }

  @Test
  void readsCrLfLinesAndALastLineWithoutNewline() throws IOException {
    Run run = read(utf8(GOOD_GENERIC + "\r\n\r\n" + GOOD_GENERIC), FlowFormat.GENERIC);

    assertThat(run.records()).hasSize(2);
    assertThat(run.stats().blankLines()).isEqualTo(1);
  }

  @Test
  void readsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("flows.jsonl");
    Files.write(file, Recorded.bytes());
    List<FlowRecord> records = new ArrayList<>();

    IngestCounter counter = new IngestCounter();

    FlowFormat format = reader.read(file, FlowFormat.AUTO, records::add, counter);

    assertThat(format).isEqualTo(FlowFormat.HUBBLE);
    assertThat(records).hasSize(10);
    assertThat(counter.snapshot().accepted()).isEqualTo(10);
  }

  @Property(tries = 500)
  void findsTheFirstNewlineLikeAPlainScan(
      @ForAll byte[] bytes,
      @ForAll @IntRange(min = 0, max = 40) int from,
      @ForAll @IntRange(min = 0, max = 60) int plantAt,
      @ForAll @IntRange(min = 0, max = 60) int nearMissAt) {
    // near misses first (bytes that differ from a newline by one bit), then a real one
    if (nearMissAt < bytes.length) {
      bytes[nearMissAt] = (byte) (nearMissAt % 2 == 0 ? 0x0B : 0x8A);
    }
    if (plantAt < bytes.length) {
      bytes[plantAt] = '\n';
    }
    int start = Math.min(from, bytes.length);
    int expected = -1;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        expected = i;
        break;
      }
    }

    assertThat(FlowReader.indexOfNewline(bytes, start, bytes.length)).isEqualTo(expected);
  }

  /** Delivers the input in pieces of the given sizes, as a pipe or socket would. */
  private static final class Trickle extends InputStream {
    private final byte[] data;
    private final int[] sizes;
    private int pos;
    private int call;

    Trickle(byte[] data, int[] sizes) {
      this.data = data;
      this.sizes = sizes;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, data.length - pos), sizes[call++ % sizes.length]);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  @Property(tries = 50)
  void readsTheSameWhateverPiecesTheStreamArrivesIn(
      @ForAll List<@IntRange(min = 1, max = 3000) Integer> pieceSizes,
      @ForAll @IntRange(min = 100, max = 4000) int maxLine)
      throws IOException {
    int[] sizes =
        pieceSizes.isEmpty() ? new int[] {1} : pieceSizes.stream().mapToInt(i -> i).toArray();
    byte[] input = Recorded.bytes();
    FlowReader limited =
        new FlowReader(
            new HubbleJsonParser(), new HubbleFlowInterpreter(), new GenericFlowParser(), maxLine);

    Run whole = read(limited, new ByteArrayInputStream(input), FlowFormat.AUTO);
    Run pieces = read(limited, new Trickle(input, sizes), FlowFormat.AUTO);

    assertThat(pieces.records()).isEqualTo(whole.records());
    assertThat(pieces.stats()).isEqualTo(whole.stats());
    long tooLong = Recorded.lines().stream().filter(l -> utf8(l).length > maxLine).count();
    assertThat(whole.stats().count(RejectReason.LINE_TOO_LONG)).isEqualTo(tooLong);
  }
}
