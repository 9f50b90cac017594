package dev.netseg.operator.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.LearnedEdgesSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredEpochsTest {

  private static LearnedEdges object(String epoch, Integer chunk, Integer chunks, String data) {
    LearnedEdges o = new LearnedEdges();
    o.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("shop")
            .withName("p-edges-" + epoch + "-" + chunk)
            .build());
    LearnedEdgesSpec spec = new LearnedEdgesSpec();
    spec.setProfile("p");
    spec.setEpoch(epoch);
    spec.setChunk(chunk);
    spec.setChunks(chunks);
    spec.setData(data);
    o.setSpec(spec);
    return o;
  }

  private static LearnedEdges chunk(long epoch, int index, int count) {
    return object(
        Long.toString(epoch),
        index,
        count,
        Base64.getEncoder().encodeToString(new byte[] {(byte) epoch, (byte) index}));
  }

  private static List<Long> complete(LearnedEdges... objects) {
    List<String> problems = new ArrayList<>();
    List<StoredEpochs.Chunk> chunks = new ArrayList<>();
    for (LearnedEdges o : objects) {
      StoredEpochs.Chunk c = StoredEpochs.parse(o, problems);
      if (c != null) {
        chunks.add(c);
      }
    }
    return StoredEpochs.completeNewestFirst(chunks).stream()
        .map(StoredEpochs.Epoch::epoch)
        .toList();
  }

  @Test
  void picksCompleteEpochsNewestFirst() {
    record Case(String what, LearnedEdges[] objects, List<Long> expected) {}
    List<Case> cases =
        List.of(
            new Case("one chunk", new LearnedEdges[] {chunk(1, 0, 1)}, List.of(1L)),
            new Case(
                "chunks in any order",
                new LearnedEdges[] {chunk(3, 2, 3), chunk(3, 0, 3), chunk(3, 1, 3)},
                List.of(3L)),
            new Case(
                "crash mid-write: the newer epoch misses a chunk",
                new LearnedEdges[] {chunk(1, 0, 2), chunk(1, 1, 2), chunk(2, 0, 3), chunk(2, 2, 3)},
                List.of(1L)),
            new Case(
                "two complete epochs (old one not yet deleted)",
                new LearnedEdges[] {chunk(9, 0, 1), chunk(10, 0, 2), chunk(10, 1, 2)},
                List.of(10L, 9L)),
            new Case(
                "chunk counts disagree",
                new LearnedEdges[] {chunk(4, 0, 2), chunk(4, 1, 3)},
                List.of()),
            new Case(
                "a chunk twice, another missing",
                new LearnedEdges[] {chunk(5, 0, 2), chunk(5, 0, 2)},
                List.of()),
            new Case("nothing", new LearnedEdges[] {}, List.of()));
    for (Case c : cases) {
      assertThat(complete(c.objects())).as(c.what()).isEqualTo(c.expected());
    }
  }

  @Test
  void aMalformedObjectIsReportedByNameAndField() {
    record Case(LearnedEdges object, String problem) {}
    List<Case> cases =
        List.of(
            new Case(object("x1", 0, 1, "AA=="), "spec.epoch 'x1' is not a positive number"),
            new Case(object("0", 0, 1, "AA=="), "spec.epoch '0' is not a positive number"),
            new Case(object("1", 1, 1, "AA=="), "spec.chunk is missing or outside 0..0"),
            new Case(object("1", 0, 0, "AA=="), "spec.chunks is missing or below 1"),
            new Case(object("1", 0, 1, null), "spec.data is missing"),
            new Case(object("1", 0, 1, "!!"), "spec.data is not base64"));
    for (Case c : cases) {
      List<String> problems = new ArrayList<>();
      assertThat(StoredEpochs.parse(c.object(), problems)).isNull();
      assertThat(problems)
          .containsExactly(
              "LearnedEdges shop/"
                  + c.object().getMetadata().getName()
                  + ": "
                  + c.problem()
                  + "; ignored");
    }
  }
}
