package dev.netseg.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Annotations on every generated NetworkPolicy that keep Argo CD from pruning it or reporting the
 * Application OutOfSync when the policy's profile is synced from Git (the policy itself is not in
 * Git). Both are documented by Argo CD: {@code compare-options: IgnoreExtraneous} leaves the
 * resource out of the Application's sync status, {@code sync-options: Prune=false} keeps a sync
 * from deleting it should a tracking label or annotation ever reach it. Argo CD shows the policies
 * as children of their profile through the owner reference.
 */
public final class ArgoCdAnnotations {
  private ArgoCdAnnotations() {}

  public static final String COMPARE_OPTIONS = "argocd.argoproj.io/compare-options";
  public static final String SYNC_OPTIONS = "argocd.argoproj.io/sync-options";

  /** One annotation. */
  public record Annotation(String key, String value) {}

  /** The annotations to put on each generated NetworkPolicy. */
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
