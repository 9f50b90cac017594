package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Encodes an {@link EdgeSnapshot} into gzip-compressed chunks of at most {@code maxChunkBytes}
 * each, to be stored in objects that have a size limit (ConfigMap {@code binaryData}: 1 MiB per
 * object), and decodes them back exactly. The same snapshot always gives the same bytes, so an
 * unchanged store rewrites nothing.
 *
 * <p>Each chunk starts with a 21-byte header: the magic {@code NSEC}, the format version (one byte,
 * {@value #VERSION}), the first 8 bytes of the SHA-256 of the whole compressed payload (the same in
 * every chunk of one encoding), the chunk's index and the number of chunks (big-endian ints). The
 * payload is the three edge lists (learned, dropped, audited), described in {@code docs/flows.md}.
 * Decoding accepts the chunks in any order and refuses, with a message that says which, a missing
 * or repeated chunk, chunks of different encodings, a corrupt payload and a version it does not
 * know.
 */
public final class EdgeCodec {
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  /** Half of the 1 MiB object limit: base64 in the API makes it 683 KiB, leaving headroom. */
  public static final int DEFAULT_MAX_CHUNK_BYTES = 512 * 1024;

  public static final int HEADER_BYTES = 21;

  /** The smallest chunk size accepted. */
  public static final int MIN_CHUNK_BYTES = 64;

  private static final byte[] MAGIC = {'N', 'S', 'E', 'C'};
  private static final int DIGEST_BYTES = 8;
  private static final int MAX_STRING_BYTES = 1 << 20;
  private static final int TAG_WORKLOAD = 1;
  private static final int TAG_EXTERNAL = 2;

  private final int maxChunkBytes;

  public EdgeCodec() {
    this(DEFAULT_MAX_CHUNK_BYTES);
  }

  public EdgeCodec(int maxChunkBytes) {
    if (maxChunkBytes < MIN_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "chunks must hold at least " + MIN_CHUNK_BYTES + " bytes: " + maxChunkBytes);
    }
    this.maxChunkBytes = maxChunkBytes;
  }

  /** The chunks, in order; at least one, each at most {@code maxChunkBytes} long. */
  public List<byte[]> encode(EdgeSnapshot snapshot) {
    byte[] payload = compress(snapshot);
    byte[] digest = digest(payload);
    int perChunk = maxChunkBytes - HEADER_BYTES;
    int count = Math.max(1, (payload.length + perChunk - 1) / perChunk);
    List<byte[]> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = i * perChunk;
      int to = Math.min(payload.length, from + perChunk);
      ByteBuffer chunk = ByteBuffer.allocate(HEADER_BYTES + (to - from));
      chunk.put(MAGIC).put((byte) VERSION).put(digest).putInt(i).putInt(count);
      chunk.put(payload, from, to - from);
      chunks.add(chunk.array());
    }
    return chunks;
  }

  /**
   * The snapshot the chunks were encoded from.
   *
   * @param chunks every chunk of one encoding, in any order
   * @throws EdgeCodecException if a chunk is missing, repeated, corrupt, from another encoding, or
   *     of a version this code does not read
   */
  public EdgeSnapshot decode(List<byte[]> chunks) throws EdgeCodecException {
    if (chunks.isEmpty()) {
      throw new EdgeCodecException("no edge chunks to decode");
    }
    byte[][] ordered = null;
    byte[] digest = null;
    for (int position = 0; position < chunks.size(); position++) {
      byte[] chunk = chunks.get(position);
      String which = "edge chunk at position " + position;
      if (chunk == null || chunk.length < HEADER_BYTES) {
        throw new EdgeCodecException(which + " is too short to be a chunk");
      }
      if (!Arrays.equals(chunk, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
        throw new EdgeCodecException(which + " is not a netseg edge chunk (bad magic)");
      }
      int version = chunk[4] & 0xff;
      if (version != VERSION) {
        throw new EdgeCodecException(
            which
                + " has format version "
                + version
                + ", this netseg reads version "
                + VERSION
                + " (written by a different netseg release?)");
      }
      ByteBuffer header = ByteBuffer.wrap(chunk, 5, HEADER_BYTES - 5);
      byte[] chunkDigest = new byte[DIGEST_BYTES];
      header.get(chunkDigest);
      int index = header.getInt();
      int count = header.getInt();
      if (count != chunks.size()) {
        throw new EdgeCodecException(
            which
                + " says there are "
                + count
                + " chunks, but "
                + chunks.size()
                + " were given"
                + (count > chunks.size() ? " (a chunk is missing)" : ""));
      }
      if (index < 0 || index >= count) {
        throw new EdgeCodecException(which + " has index " + index + " outside 0.." + (count - 1));
      }
      if (ordered == null) {
        ordered = new byte[count][];
        digest = chunkDigest;
      } else if (!Arrays.equals(digest, chunkDigest)) {
        throw new EdgeCodecException(
            which + " belongs to a different encoding than the others (mixed generations)");
      }
      if (ordered[index] != null) {
        throw new EdgeCodecException(
            "edge chunk " + index + " of " + count + " appears twice (so another is missing)");
      }
      ordered[index] = chunk;
    }
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] chunk : ordered) {
      joined.write(chunk, HEADER_BYTES, chunk.length - HEADER_BYTES);
    }
    byte[] payload = joined.toByteArray();
    if (!Arrays.equals(digest, digest(payload))) {
      throw new EdgeCodecException(
          "edge chunks are corrupt: their content does not match their checksum");
    }
    return decompress(payload);
  }

  private static byte[] compress(EdgeSnapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
      writeEdges(out, snapshot.learned());
      writeEdges(out, snapshot.dropped());
      writeEdges(out, snapshot.audited());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void writeEdges(DataOutputStream out, List<LearnedEdge> edges) throws IOException {
    out.writeInt(edges.size());
    for (LearnedEdge e : edges) {
      writePeer(out, e.source());
      writePeer(out, e.destination());
      out.writeByte(protocolNumber(e.protocol()));
      out.writeShort(e.port());
      writeInstant(out, e.firstSeen());
      writeInstant(out, e.lastSeen());
      out.writeLong(e.count());
    }
  }

  private static void writePeer(DataOutputStream out, Peer peer) throws IOException {
    if (peer instanceof Peer.WorkloadPeer w) {
      out.writeByte(TAG_WORKLOAD);
      writeString(out, w.workload().namespace());
      writeString(out, w.workload().name());
      writeString(out, w.workload().kind());
    } else {
      Peer.ExternalPeer x = (Peer.ExternalPeer) peer;
      out.writeByte(TAG_EXTERNAL);
      writeString(out, x.cidr().toCanonicalString());
      out.writeInt(x.dnsNames().size());
      for (String name : x.dnsNames()) {
        writeString(out, name);
      }
    }
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static EdgeSnapshot decompress(byte[] payload) throws EdgeCodecException {
    try (DataInputStream in =
        new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(payload)))) {
      List<LearnedEdge> learned = readEdges(in);
      List<LearnedEdge> dropped = readEdges(in);
      List<LearnedEdge> audited = readEdges(in);
      if (in.read() != -1) {
        throw new EdgeCodecException("edge data is corrupt: unexpected bytes after the edges");
      }
      return new EdgeSnapshot(learned, dropped, audited);
    } catch (EOFException e) {
      throw new EdgeCodecException("edge data is corrupt: it ends in the middle of an edge", e);
    } catch (ZipException e) {
      throw new EdgeCodecException("edge data is corrupt: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EdgeCodecException("edge data cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
      throw new EdgeCodecException("edge data is corrupt: " + e.getMessage(), e);
    }
  }

  private static List<LearnedEdge> readEdges(DataInputStream in)
      throws IOException, EdgeCodecException {
    int n = in.readInt();
    if (n < 0) {
      throw new EdgeCodecException("edge data is corrupt: negative edge count " + n);
    }
    List<LearnedEdge> edges = new ArrayList<>(Math.min(n, 1 << 16));
    for (int i = 0; i < n; i++) {
      Peer source = readPeer(in);
      Peer destination = readPeer(in);
      Protocol protocol = protocol(in.readUnsignedByte());
      int port = in.readUnsignedShort();
      Instant first = readInstant(in);
      Instant last = readInstant(in);
      long count = in.readLong();
      edges.add(new LearnedEdge(source, destination, protocol, port, first, last, count));
    }
    return edges;
  }

  private static Peer readPeer(DataInputStream in) throws IOException, EdgeCodecException {
    int tag = in.readUnsignedByte();
    if (tag == TAG_WORKLOAD) {
      return new Peer.WorkloadPeer(new WorkloadRef(readString(in), readString(in), readString(in)));
    }
    if (tag == TAG_EXTERNAL) {
      String text = readString(in);
      IPAddress cidr = new IPAddressString(text).getAddress();
      if (cidr == null) {
        throw new EdgeCodecException("edge data is corrupt: bad address '" + text + "'");
      }
      int names = in.readInt();
      if (names < 0 || names > 1 << 16) {
        throw new EdgeCodecException("edge data is corrupt: " + names + " DNS names");
      }
      List<String> dnsNames = new ArrayList<>(names);
      for (int i = 0; i < names; i++) {
        dnsNames.add(readString(in));
      }
      return new Peer.ExternalPeer(cidr, dnsNames);
    }
    throw new EdgeCodecException("edge data is corrupt: unknown peer kind " + tag);
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static String readString(DataInputStream in) throws IOException, EdgeCodecException {
    int length = in.readInt();
    if (length < 0 || length > MAX_STRING_BYTES) {
      throw new EdgeCodecException("edge data is corrupt: string of " + length + " bytes");
    }
    byte[] utf8 = in.readNBytes(length);
    if (utf8.length != length) {
      throw new EOFException();
    }
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private static int protocolNumber(Protocol protocol) {
    switch (protocol) {
      case TCP:
        return 6;
      case UDP:
        return 17;
      case SCTP:
        return 132;
      default:
        throw new IllegalStateException("no IANA number for " + protocol);
    }
  }

  private static Protocol protocol(int number) throws EdgeCodecException {
    switch (number) {
      case 6:
        return Protocol.TCP;
      case 17:
        return Protocol.UDP;
      case 132:
        return Protocol.SCTP;
      default:
        throw new EdgeCodecException("edge data is corrupt: unknown protocol number " + number);
    }
  }

  private static byte[] digest(byte[] payload) {
    try {
      return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(payload), DIGEST_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
