package dev.netseg.operator.learn;

import dev.netseg.flows.EdgeCodec;
import dev.netseg.flows.EdgeCodecException;
import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.crd.LearnedEdges;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edges that stored LearnedEdges objects hold, read as the operator reads them when it takes
 * the lead ({@link EdgePersistence#loadAll}) and as {@code netseg map --profile} reads them: per
 * profile the newest complete epoch, the copies of several profiles merged. Pure.
 */
public final class StoredEdges {
  private StoredEdges() {}

  /**
   * What a set of LearnedEdges objects holds.
   *
   * @param edges the edges of every profile's newest complete epoch, merged
   * @param profiles how many profiles' epochs were read
   * @param fingerprints for each profile whose objects carry its UID, a digest of the epoch read
   * @param problems objects or epochs that could not be read, each as one line
   */
  public record Read(
      EdgeSnapshot edges, int profiles, Map<String, String> fingerprints, List<String> problems) {
    public Read {
      fingerprints = Map.copyOf(fingerprints);
      problems = List.copyOf(problems);
    }
  }

  /** Reads {@code objects}: an object or epoch that cannot be read is a problem, never fatal. */
  public static Read read(Collection<LearnedEdges> objects, EdgeCodec codec) {
    List<String> problems = new ArrayList<>();
    Map<List<String>, List<StoredEpochs.Chunk>> byProfile = new LinkedHashMap<>();
    for (LearnedEdges o : objects) {
      StoredEpochs.Chunk chunk = StoredEpochs.parse(o, problems);
      if (chunk != null) {
        String uid = ownerUid(o);
        List<String> key =
            List.of(
                o.getMetadata().getNamespace(), o.getSpec().getProfile(), uid == null ? "" : uid);
        byProfile.computeIfAbsent(key, k -> new ArrayList<>()).add(chunk);
      }
    }
    List<EdgeSnapshot> copies = new ArrayList<>();
    Map<String, String> fingerprints = new LinkedHashMap<>();
    byProfile.forEach(
        (key, chunks) -> {
          String profile = key.get(0) + "/" + key.get(1);
          for (StoredEpochs.Epoch epoch : StoredEpochs.completeNewestFirst(chunks)) {
            try {
              copies.add(codec.decode(epoch.chunks()));
              if (!key.get(2).isEmpty()) {
                fingerprints.put(key.get(2), fingerprint(epoch.chunks()));
              }
              return;
            } catch (EdgeCodecException e) {
              problems.add(
                  "learned edges of profile "
                      + profile
                      + ", epoch "
                      + epoch.epoch()
                      + ": "
                      + e.getMessage()
                      + "; trying an older epoch");
            }
          }
          problems.add("learned edges of profile " + profile + ": no complete epoch to load");
        });
    return new Read(EdgeViews.mergeCopies(copies), copies.size(), fingerprints, problems);
  }

  /**
   * The learned (forwarded) edges of {@code edges} touching {@code namespace} that were seen within
   * {@code retention} before {@code now}, as required flows with OBSERVED provenance: what the
   * reconciler decides on.
   *
   * @param sourceLabel where they were learned, as the provenance names it
   */
  public static List<RequiredFlow> observed(
      EdgeSnapshot edges, String namespace, Duration retention, Instant now, String sourceLabel) {
    Instant cutoff;
    try {
      cutoff = now.minus(retention);
    } catch (DateTimeException | ArithmeticException e) {
      cutoff = Instant.MIN;
    }
    return EdgeViews.required(edges, namespace, cutoff, sourceLabel);
  }

  private static String ownerUid(LearnedEdges o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    if (refs != null) {
      for (OwnerReference r : refs) {
        if (ProfileRef.KIND.equals(r.getKind())) {
          return r.getUid();
        }
      }
    }
    return null;
  }

  /** A digest of an epoch's chunks: equal digests, equal bytes. */
  static String fingerprint(List<byte[]> chunks) {
    MessageDigest md = digest();
    for (byte[] c : chunks) {
      md.update(c);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
