package dev.netseg.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.UnaryOperator;

/** An informer store that trims each object before caching it. */
public final class TrimmingItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  private final UnaryOperator<T> trim;
  private final Runnable changed;

  public TrimmingItemStore(UnaryOperator<T> trim) {
    this(trim, () -> {});
  }

  /**
   * @param changed told after every add, update and removal (it must be cheap: it runs on the
   *     informer's thread)
   */
  public TrimmingItemStore(UnaryOperator<T> trim, Runnable changed) {
    super(Cache::metaNamespaceKeyFunc);
    this.trim = trim;
    this.changed = changed;
  }

  @Override
  public T put(String key, T obj) {
    T old = super.put(key, trim.apply(obj));
    changed.run();
    return old;
  }

  @Override
  public T remove(String key) {
    T old = super.remove(key);
    changed.run();
    return old;
  }
}
