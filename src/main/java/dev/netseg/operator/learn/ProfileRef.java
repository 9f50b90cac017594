package dev.netseg.operator.learn;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A profile whose learned edges are persisted: those touching its namespace, in objects it owns.
 *
 * @param retention how long its edges are kept after last seen; empty when unknown (an invalid
 *     spec), which keeps every edge: an edge is never dropped on a guess
 */
public record ProfileRef(String namespace, String name, String uid, Optional<Duration> retention) {
  public ProfileRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(retention, "retention");
  }

  /**
   * @throws IllegalArgumentException when the profile has no namespace, name or uid (not yet
   *     created)
   */
  public static ProfileRef of(SegmentationProfile profile, Optional<Duration> retention) {
    ObjectMeta m = profile.getMetadata();
    if (m == null || m.getNamespace() == null || m.getName() == null || m.getUid() == null) {
      throw new IllegalArgumentException(
          "SegmentationProfile without namespace, name or uid: "
              + (m == null ? "no metadata" : m.getNamespace() + "/" + m.getName()));
    }
    return new ProfileRef(m.getNamespace(), m.getName(), m.getUid(), retention);
  }

  static final String API_VERSION = HasMetadata.getApiVersion(SegmentationProfile.class);
  static final String KIND = HasMetadata.getKind(SegmentationProfile.class);

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
