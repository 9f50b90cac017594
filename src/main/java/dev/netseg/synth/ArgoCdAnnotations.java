package dev.netseg.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Argo CD metadata of the NetworkPolicies the operator writes. Those policies live only in the
 * cluster (their SegmentationProfile is what Git holds), so an Application that syncs the profile
 * must neither prune them nor report itself OutOfSync because of them. Argo CD documents both
 * annotations: {@code compare-options: IgnoreExtraneous} leaves the resource out of the
 * Application's sync status, {@code sync-options: Prune=false} keeps a sync from deleting it. Argo
 * CD shows the policies as children of their profile through the owner reference.
 *
 * <p>Argo CD's tracking annotation ({@code argocd.argoproj.io/tracking-id}, the default tracking
 * method since Argo CD 3) and tracking label ({@code app.kubernetes.io/instance}, the default
 * before) must never be on them: a resource that carries them counts as part of the Application's
 * Git state, and one missing from Git is then OutOfSync and pruned.
 *
 * <p>The CLI does not add these annotations: its output is committed to Git by the user and synced
 * like any other manifest, so Argo CD must track it, and prune a policy that was removed from Git.
 */
public final class ArgoCdAnnotations {
  private ArgoCdAnnotations() {}

  public static final String COMPARE_OPTIONS = "argocd.argoproj.io/compare-options";
  public static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";

  /** Argo CD's resource tracking annotation: never on an operator-written policy. */
  public static final String TRACKING_ANNOTATION = "argocd.argoproj.io/tracking-id";

  /** Argo CD's default resource tracking label: never on an operator-written policy. */
  public static final String TRACKING_LABEL = "app.kubernetes.io/instance";

  /** One annotation. */
  public record Annotation(String key, String value) {}

  /** The annotations to put on each NetworkPolicy the operator writes. */
  public static final List<Annotation> ALL =
      List.of(
          new Annotation(COMPARE_OPTIONS, "IgnoreExtraneous"),
          new Annotation(SYNC_OPTIONS, "Prune=false"));

  /** {@link #ALL} as an annotation map, in that order. */
  public static Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    ALL.forEach(a -> map.put(a.key(), a.value()));
    return Collections.unmodifiableMap(map);
  }
}
