package dev.netseg.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.UnaryOperator;

/** An informer store that trims each object before caching it. */
public final class TrimmingItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  private final UnaryOperator<T> trim;

  public TrimmingItemStore(UnaryOperator<T> trim) {
    super(Cache::metaNamespaceKeyFunc);
    this.trim = trim;
  }

  @Override
  public T put(String key, T obj) {
    return super.put(key, trim.apply(obj));
  }
}
