package dev.netseg.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns a document's tree into a fabric8 model object, with errors a person can act on (the field,
 * its line, what was expected and what was found) and warnings for fields fabric8 does not know,
 * which it would otherwise keep silently in {@code additionalProperties}: a misspelt {@code
 * matchLabel} in a NetworkPolicy would then select every pod.
 *
 * <p>Numbers and booleans are not turned into strings, nor strings into booleans or floats: the API
 * server rejects {@code value: 8080} in an env var and {@code hostNetwork: "true"}, and so do we.
 * (Quoted integers such as {@code replicas: "3"} still pass: fabric8's own Go-compatibility reader
 * for integers accepts them.)
 */
final class ObjectDecoder {
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<JavaType, Map<String, JavaType>> properties = new ConcurrentHashMap<>();

  ObjectDecoder() {
    // Registers fabric8's modules (IntOrString, Quantity, polymorphic fields) on our mapper.
    new KubernetesSerialization(mapper, false);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
  }

  /**
   * @param where the object as messages name it ({@code x.yaml#2 (Deployment shop/cart)})
   * @param lineOf the line of a field path, or null
   * @param warnings receives one line per unknown field
   * @throws ManifestException when a field has the wrong type
   */
  <T> T decode(
      JsonNode node,
      Class<T> type,
      String where,
      Function<String, Integer> lineOf,
      List<String> warnings) {
    T value;
    try {
      value = mapper.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ManifestException(where + ": " + describe(e, node, lineOf), e);
    }
    unknownFields(node, mapper.constructType(type), "", where, lineOf, warnings);
    return value;
  }

  private static String describe(Exception e, JsonNode root, Function<String, Integer> lineOf) {
    if (!(e instanceof JsonMappingException jme)) {
      return firstLine(e.getMessage());
    }
    String path = "";
    JsonNode found = root;
    for (JsonMappingException.Reference ref : jme.getPath()) {
      if (ref.getFieldName() != null) {
        path = FieldPaths.field(path, ref.getFieldName());
        found = found.path(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path = FieldPaths.index(path, ref.getIndex());
        found = found.path(ref.getIndex());
      }
    }
    Class<?> expected = null;
    if (e instanceof MismatchedInputException mie) {
      expected = mie.getTargetType();
    } else if (e instanceof ValueInstantiationException vie && vie.getType() != null) {
      expected = vie.getType().getRawClass();
    }
    if (e instanceof InvalidFormatException ife && ife.getTargetType() != null) {
      expected = ife.getTargetType();
    }
    Integer line = lineOf.apply(path);
    String at = line == null ? "" : " (line " + line + ")";
    String field = path.isEmpty() ? "document" : path;
    if (expected == null) {
      return field
          + at
          + ": cannot read "
          + found(found)
          + ": "
          + firstLine(jme.getOriginalMessage());
    }
    return field + at + ": expected " + expected(expected) + ", found " + found(found);
  }

  private static String expected(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == BigDecimal.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == IntOrString.class) {
      return "an integer or a string";
    }
    if (type == Quantity.class) {
      return "a quantity (like 500m or 1Gi)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "a mapping";
  }

  private static String found(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      String text = node.textValue();
      return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "unreadable value";
    }
    return message.strip().lines().findFirst().orElse("").strip();
  }

  private void unknownFields(
      JsonNode node,
      JavaType type,
      String path,
      String where,
      Function<String, Integer> lineOf,
      List<String> warnings) {
    if (node == null || node.isNull() || node instanceof MissingNode) {
      return;
    }
    if (node.isArray() && type.isCollectionLikeType()) {
      for (int i = 0; i < node.size(); i++) {
        unknownFields(
            node.get(i), type.getContentType(), FieldPaths.index(path, i), where, lineOf, warnings);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    if (type.isMapLikeType()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        unknownFields(
            e.getValue(),
            type.getContentType(),
            FieldPaths.field(path, e.getKey()),
            where,
            lineOf,
            warnings);
      }
      return;
    }
    Map<String, JavaType> known = properties.computeIfAbsent(type, this::beanProperties);
    if (known.isEmpty()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String child = FieldPaths.field(path, e.getKey());
      JavaType childType = known.get(e.getKey());
      if (childType == null) {
        Integer line = lineOf.apply(child);
        warnings.add(
            where
                + ": ignoring unknown field "
                + child
                + (line == null ? "" : " (line " + line + ")"));
      } else {
        unknownFields(e.getValue(), childType, child, where, lineOf, warnings);
      }
    }
  }

  /**
   * The JSON properties of a fabric8 model class, or nothing for types whose content we do not
   * check (strings, IntOrString, Quantity, free-form objects, classes with their own reader).
   */
  private Map<String, JavaType> beanProperties(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (!raw.getName().startsWith("io.fabric8.kubernetes.api.model.")
        || AnyType.class.isAssignableFrom(raw)
        || raw == Quantity.class
        || raw.isEnum()) {
      return Map.of();
    }
    BeanDescription description = mapper.getDeserializationConfig().introspect(type);
    JsonDeserialize custom = description.getClassAnnotations().get(JsonDeserialize.class);
    if (custom != null && custom.using() != JsonDeserializer.None.class) {
      return Map.of();
    }
    if (description.findAnySetterAccessor() == null) {
      return Map.of();
    }
    Map<String, JavaType> props = new HashMap<>();
    for (BeanPropertyDefinition p : description.findProperties()) {
      props.put(p.getName(), p.getPrimaryType());
    }
    return props;
  }
}
