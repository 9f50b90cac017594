package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class EdgeCodecRoundTripTest {

  @Provide
  Arbitrary<EdgeSnapshot> snapshots() {
    return EdgeArbitraries.snapshots();
  }

  @Property(tries = 150)
  void decodesExactlyWhatWasEncodedInChunksWithinTheLimit(
      @ForAll("snapshots") EdgeSnapshot snapshot,
      @ForAll @IntRange(min = EdgeCodec.MIN_CHUNK_BYTES, max = 4096) int maxChunk,
      @ForAll long shuffleSeed)
      throws EdgeCodecException {
    EdgeCodec codec = new EdgeCodec(maxChunk);

    List<byte[]> chunks = codec.encode(snapshot);
    List<byte[]> shuffled = new ArrayList<>(chunks);
    Collections.shuffle(shuffled, new Random(shuffleSeed));

    assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(maxChunk));
    assertThat(codec.decode(shuffled)).isEqualTo(snapshot);
  }

  @Property(tries = 100)
  void encodesTheSameSnapshotToTheSameBytes(@ForAll("snapshots") EdgeSnapshot snapshot) {
    EdgeCodec codec = new EdgeCodec(256);

    List<byte[]> once = codec.encode(snapshot);
    List<byte[]> again =
        codec.encode(new EdgeSnapshot(snapshot.learned(), snapshot.dropped(), snapshot.audited()));

    assertThat(again).hasSameSizeAs(once);
    for (int i = 0; i < once.size(); i++) {
      assertThat(again.get(i)).isEqualTo(once.get(i));
    }
  }

  @Property(tries = 100)
  void refusesAnyChunkSetWithOneChunkLeftOut(
      @ForAll("snapshots") EdgeSnapshot snapshot, @ForAll @IntRange(min = 0) int which) {
    List<byte[]> chunks =
        new ArrayList<>(new EdgeCodec(EdgeCodec.MIN_CHUNK_BYTES).encode(snapshot));
    if (chunks.size() < 2) {
      return;
    }
    chunks.remove(which % chunks.size());

    try {
      new EdgeCodec(EdgeCodec.MIN_CHUNK_BYTES).decode(chunks);
      throw new AssertionError("decoded with a chunk missing");
    } catch (EdgeCodecException e) {
      assertThat(e).hasMessageContaining("chunk is missing");
    }
  }
}
