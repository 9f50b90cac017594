package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddressString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeCodecTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00.123456789Z");

  /** Many distinct edges, enough to need several small chunks. */
  private static EdgeSnapshot sample(int n) {
    List<LearnedEdge> learned = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      learned.add(
          new LearnedEdge(
              new Peer.WorkloadPeer(new WorkloadRef("ns-" + i % 7, "app-" + i, "Deployment")),
              new Peer.ExternalPeer(
                  new IPAddressString("203.0." + (i / 256 % 256) + "." + (i % 256) + "/32")
                      .getAddress(),
                  List.of("host-" + i + ".example.com")),
              Protocol.TCP,
              1 + i % 65535,
              T,
              T.plusSeconds(i),
              i + 1L));
    }
    Peer web = new Peer.WorkloadPeer(new WorkloadRef("shop", "web", "Deployment"));
    Peer db = new Peer.WorkloadPeer(new WorkloadRef("shop", "db", "StatefulSet"));
    return new EdgeSnapshot(
        learned,
        List.of(new LearnedEdge(web, db, Protocol.SCTP, 9, T, T, 2)),
        List.of(new LearnedEdge(db, web, Protocol.UDP, 53, T, T, 1)));
  }

  @Test
  void roundTripsLearnedAndAttemptedEdgesAcrossChunks() throws EdgeCodecException {
    EdgeCodec codec = new EdgeCodec(1024);
    EdgeSnapshot snapshot = sample(2_000);

    List<byte[]> chunks = codec.encode(snapshot);

    assertThat(chunks.size()).isGreaterThan(3);
    assertThat(chunks).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(1024));
    assertThat(codec.decode(chunks)).isEqualTo(snapshot);
  }

  @Test
  void encodesAnEmptyStoreAsOneChunk() throws EdgeCodecException {
    List<byte[]> chunks = new EdgeCodec().encode(EdgeSnapshot.EMPTY);

    assertThat(chunks).hasSize(1);
    assertThat(new EdgeCodec().decode(chunks)).isEqualTo(EdgeSnapshot.EMPTY);
  }

  @Test
  void saysWhichChunkIsMissing() {
    EdgeCodec codec = new EdgeCodec(1024);
    List<byte[]> chunks = new ArrayList<>(codec.encode(sample(2_000)));
    int total = chunks.size();
    chunks.remove(1);

    assertThatThrownBy(() -> codec.decode(chunks))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("says there are " + total + " chunks, but " + (total - 1))
        .hasMessageContaining("missing");
  }

  @Test
  void refusesARepeatedChunk() {
    EdgeCodec codec = new EdgeCodec(1024);
    List<byte[]> chunks = new ArrayList<>(codec.encode(sample(2_000)));
    chunks.set(2, chunks.get(0));

    assertThatThrownBy(() -> codec.decode(chunks))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("edge chunk 0 of " + chunks.size() + " appears twice");
  }

  @Test
  void refusesACorruptChunk() {
    EdgeCodec codec = new EdgeCodec(1024);
    List<byte[]> chunks = codec.encode(sample(2_000));
    chunks.get(1)[500] ^= 0x5a;

    assertThatThrownBy(() -> codec.decode(chunks))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void refusesChunksFromTwoEncodings() {
    EdgeCodec codec = new EdgeCodec(1024);
    List<byte[]> old = codec.encode(sample(2_000));
    List<byte[]> fresh = new ArrayList<>(codec.encode(sample(2_001)));
    if (fresh.size() != old.size()) {
      fresh = new ArrayList<>(codec.encode(sample(1_999)));
    }
    assertThat(fresh).hasSameSizeAs(old);
    fresh.set(0, old.get(0));

    List<byte[]> mixed = fresh;
    assertThatThrownBy(() -> codec.decode(mixed))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("different encoding");
  }

  @Test
  void refusesAnUnknownVersionAndSaysWhichVersionItReads() {
    List<byte[]> chunks = new EdgeCodec().encode(sample(3));
    chunks.get(0)[4] = 2;

    assertThatThrownBy(() -> new EdgeCodec().decode(chunks))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("format version 2, this netseg reads version 1");
  }

  @Test
  void refusesWhatIsNotAChunk() {
    assertThatThrownBy(() -> new EdgeCodec().decode(List.of(new byte[] {1, 2, 3})))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> new EdgeCodec().decode(List.of(new byte[64])))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("bad magic");
    assertThatThrownBy(() -> new EdgeCodec().decode(List.of()))
        .isInstanceOf(EdgeCodecException.class)
        .hasMessageContaining("no edge chunks");
  }

  @Test
  void keepsTheDefaultChunkFarUnderTheObjectLimitEvenInBase64() {
    int base64 = (EdgeCodec.DEFAULT_MAX_CHUNK_BYTES + 2) / 3 * 4;

    assertThat(base64).isLessThan(1024 * 1024 - 64 * 1024);
  }
}
