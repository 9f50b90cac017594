package dev.netseg.testing;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;

/**
 * Edits a SegmentationProfile's spec as a user does with {@code kubectl edit}: read fresh, change,
 * write with the resourceVersion read. The operator writes the profile's status meanwhile, and the
 * API server answers such a race with 409 Conflict; the edit is then read and made again, as
 * kubectl asks its user to.
 */
public final class ProfileEdits {
  private static final int ATTEMPTS = 10;

  private ProfileEdits() {}

  public static void edit(
      KubernetesClient client,
      String namespace,
      String name,
      Consumer<SegmentationProfile> change) {
    for (int attempt = 1; ; attempt++) {
      SegmentationProfile p =
          client.resources(SegmentationProfile.class).inNamespace(namespace).withName(name).get();
      if (p == null) {
        throw new IllegalStateException("no SegmentationProfile " + namespace + "/" + name);
      }
      change.accept(p);
      try {
        client.resource(p).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
