package dev.netseg.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CRUD mock with a cheaper {@link #findResource}: the mock answers "does this object exist?"
 * (asked on every create, update and patch) by matching every stored object's attribute set against
 * the query, which makes populating a large cluster quadratic and slow (about 50 minutes for 14,000
 * objects). An object can only match a query that names it if its own {@code name} attribute equals
 * the query's, so this compares that one attribute first and runs the mock's full match only on
 * objects of that name. The answers are the mock's own.
 */
final class NameFilteringCrudDispatcher extends KubernetesCrudDispatcher {
  private static final String NAME = "name";

  NameFilteringCrudDispatcher() {
    super(List.of());
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH) {
      return super.findResource(query);
    }
    for (Map.Entry<AttributeSet, String> entry : map.entrySet()) {
      if (Objects.equals(name, entry.getKey().getAttribute(NAME))
          && entry.getKey().matches(query)) {
        return entry;
      }
    }
    return null;
  }
}
