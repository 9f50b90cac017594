package dev.netseg.operator.crd;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Sets the description of a custom resource's root schema, which {@code kubectl explain KIND}
 * shows: {@code @SchemaCustomizer(value = KindDescription.class, input = "...")} on the resource
 * class. crd-generator 7.5.2 takes descriptions from {@code @JsonPropertyDescription} on properties
 * only (class descriptions arrive in 7.8), and the root is no property.
 */
public final class KindDescription implements SchemaCustomizer.Customizer {
  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps props, String input, KubernetesSerialization kubernetesSerialization) {
    props.setDescription(input);
    return props;
  }
}
