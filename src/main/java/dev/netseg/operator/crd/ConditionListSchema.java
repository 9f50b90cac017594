package dev.netseg.operator.crd;

import java.util.ArrayList;

/**
 * The schema of {@code status.conditions} ({@code @SchemaFrom} on the field): a list of {@link
 * ConditionSchema}. crd-generator 7.5.2 replaces a whole property's schema, so a list needs a list
 * type; this one is never instantiated.
 */
final class ConditionListSchema extends ArrayList<ConditionSchema> {
  private static final long serialVersionUID = 1L;

  private ConditionListSchema() {}
}
