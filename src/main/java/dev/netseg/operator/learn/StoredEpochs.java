package dev.netseg.operator.learn;

import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.LearnedEdgesSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the chunks of one profile's LearnedEdges objects and picks out the complete epochs, newest
 * first. An epoch is one complete write; a crash while writing leaves a newer epoch with chunks
 * missing, which a reader skips in favour of the previous complete one. Pure.
 */
final class StoredEpochs {
  private StoredEpochs() {}

  /** One object's chunk. */
  record Chunk(String object, long epoch, int index, int count, byte[] data) {}

  /** The chunks of one complete epoch, in index order. */
  record Epoch(long epoch, List<byte[]> chunks) {}

  /**
   * The chunk an object holds, or null (with a line in {@code problems} naming the object and the
   * field) when it is not a well-formed chunk.
   */
  static Chunk parse(LearnedEdges object, List<String> problems) {
    String name = object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    LearnedEdgesSpec spec = object.getSpec();
    String problem = null;
    Long epoch = null;
    if (spec == null) {
      problem = "no spec";
    } else if ((epoch = epoch(spec.getEpoch())) == null) {
      problem = "spec.epoch '" + spec.getEpoch() + "' is not a positive number";
    } else if (spec.getChunks() == null || spec.getChunks() < 1) {
      problem = "spec.chunks is missing or below 1";
    } else if (spec.getChunk() == null
        || spec.getChunk() < 0
        || spec.getChunk() >= spec.getChunks()) {
      problem = "spec.chunk is missing or outside 0.." + (spec.getChunks() - 1);
    } else if (spec.getData() == null) {
      problem = "spec.data is missing";
    }
    byte[] data = null;
    if (problem == null) {
      try {
        data = Base64.getDecoder().decode(spec.getData());
      } catch (IllegalArgumentException e) {
        problem = "spec.data is not base64";
      }
    }
    if (problem != null) {
      problems.add("LearnedEdges " + name + ": " + problem + "; ignored");
      return null;
    }
    return new Chunk(name, epoch, spec.getChunk(), spec.getChunks(), data);
  }

  static Long epoch(String text) {
    if (text == null || text.isEmpty() || text.length() > 18) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return null;
      }
    }
    long n = Long.parseLong(text);
    return n > 0 ? n : null;
  }

  /**
   * Epochs whose every chunk {@code 0..count-1} is present exactly once with the same count, newest
   * (highest number) first.
   */
  static List<Epoch> completeNewestFirst(List<Chunk> chunks) {
    Map<Long, List<Chunk>> byEpoch = new TreeMap<>(Comparator.reverseOrder());
    for (Chunk c : chunks) {
      byEpoch.computeIfAbsent(c.epoch(), e -> new ArrayList<>()).add(c);
    }
    List<Epoch> complete = new ArrayList<>();
    byEpoch.forEach(
        (epoch, list) -> {
          int count = list.get(0).count();
          byte[][] ordered = new byte[count][];
          for (Chunk c : list) {
            if (c.count() != count || ordered[c.index()] != null) {
              return; // inconsistent: not a complete write
            }
            ordered[c.index()] = c.data();
          }
          for (byte[] b : ordered) {
            if (b == null) {
              return; // a chunk is missing: the write did not finish
            }
          }
          complete.add(new Epoch(epoch, List.of(ordered)));
        });
    return complete;
  }
}
