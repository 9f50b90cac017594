package dev.netseg.infer;

import dev.netseg.infer.EnvExpansion.Known;
import dev.netseg.infer.EnvExpansion.Unknown;
import dev.netseg.infer.EnvExpansion.Variable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment of one container as the input shows it, in the order the kubelet builds it:
 * {@code envFrom} first (ConfigMap keys, with the source's prefix), then {@code env} in order, each
 * {@code value} with its {@code $(NAME)} references expanded against what came before ({@link
 * EnvExpansion}). Values from Secrets, fieldRefs and ConfigMaps that are not in the input are
 * defined but unknown.
 */
final class ContainerEnv {
  private static final String OPEN_SOURCE = "perhaps from an envFrom Secret or missing ConfigMap";

  /** Finds a ConfigMap of the workload's namespace (reporting a missing one). */
  interface ConfigMaps {
    Optional<ConfigMap> find(String name, Boolean optional, String field);
  }

  /**
   * One variable to read.
   *
   * @param name the variable's name
   * @param field where it comes from, for evidence ({@code env CART_ADDR}, {@code envFrom ConfigMap
   *     shop/cfg key CART_ADDR}, {@code env DB from ConfigMap shop/cfg key url})
   * @param key the key whose wording says what the value is (the variable's name, or the
   *     ConfigMap's key)
   * @param value its value (expanded for {@code env[].value}), when the input shows it
   * @param original the value as written, before expansion
   * @param unknown references left unexpanded because their values are known only at run time
   */
  record Entry(
      String name,
      String field,
      String key,
      Optional<String> value,
      String original,
      List<String> unknown) {
    Entry {
      unknown = List.copyOf(unknown);
    }
  }

  private final List<Entry> entries;
  private final Map<String, Variable> variables;
  private final boolean open;

  private ContainerEnv(List<Entry> entries, Map<String, Variable> variables, boolean open) {
    this.entries = List.copyOf(entries);
    this.variables = variables;
    this.open = open;
  }

  /**
   * @param prefix how the container is named in evidence ({@code Deployment shop/web}, with {@code
   *     container c} when the pod has several)
   * @param namespace the workload's namespace, for the ConfigMaps' names
   */
  static ContainerEnv of(Container c, String prefix, String namespace, ConfigMaps configMaps) {
    List<Entry> entries = new ArrayList<>();
    Map<String, Variable> vars = new HashMap<>();
    boolean open = false; // a Secret or a missing ConfigMap may define any name
    if (c.getEnvFrom() != null) {
      for (EnvFromSource from : c.getEnvFrom()) {
        String p = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          String field = prefix + " envFrom";
          String name = from.getConfigMapRef().getName();
          Optional<ConfigMap> cm =
              configMaps.find(name, from.getConfigMapRef().getOptional(), field);
          if (cm.isEmpty()) {
            open = true;
            continue;
          }
          new TreeMap<>(data(cm.get()))
              .forEach(
                  (key, value) -> {
                    vars.put(p + key, new Known(value));
                    entries.add(
                        new Entry(
                            p + key,
                            field + " " + Subjects.of(cm.get()) + " key " + key,
                            key,
                            Optional.of(value),
                            value,
                            List.of()));
                  });
        } else if (from.getSecretRef() != null) {
          open = true;
        }
      }
    }
    if (c.getEnv() != null) {
      for (EnvVar e : c.getEnv()) {
        String field = prefix + " env " + e.getName();
        if (e.getValue() != null) {
          String anyName = open ? OPEN_SOURCE : null;
          EnvExpansion.Expanded x =
              EnvExpansion.expand(e.getValue(), n -> lookup(vars, anyName, n));
          vars.put(e.getName(), new Known(x.value()));
          entries.add(
              new Entry(
                  e.getName(),
                  field,
                  e.getName(),
                  Optional.of(x.value()),
                  e.getValue(),
                  x.unknown()));
        } else if (e.getValueFrom() != null) {
          EnvVarSource source = e.getValueFrom();
          ConfigMapKeySelector ref = source.getConfigMapKeyRef();
          Optional<String> value = Optional.empty();
          String field2 = field;
          if (ref != null && ref.getName() != null) {
            Optional<ConfigMap> cm = configMaps.find(ref.getName(), ref.getOptional(), field);
            value = cm.map(m -> data(m).get(ref.getKey()));
            if (cm.isPresent()) {
              field2 = field + " from " + Subjects.of(cm.get()) + " key " + ref.getKey();
            }
          }
          if (value.isPresent()) {
            vars.put(e.getName(), new Known(value.get()));
            String key = ref.getKey();
            entries.add(
                new Entry(
                    e.getName(),
                    field2,
                    AddressReferences.isAddressKey(e.getName()) ? e.getName() : key,
                    value,
                    value.get(),
                    List.of()));
          } else {
            vars.put(e.getName(), new Unknown(describe(source)));
          }
        } else {
          vars.put(e.getName(), new Known(""));
        }
      }
    }
    return new ContainerEnv(entries, vars, open);
  }

  /**
   * A variable defined so far; a name not defined is unknown rather than undefined when an envFrom
   * source netseg cannot read may define it ({@code anyName} says which).
   */
  private static Optional<Variable> lookup(
      Map<String, Variable> vars, String anyName, String name) {
    Variable v = vars.get(name);
    if (v != null) {
      return Optional.of(v);
    }
    return anyName == null ? Optional.empty() : Optional.of(new Unknown(anyName));
  }

  /** The variables to read, in the kubelet's order. */
  List<Entry> entries() {
    return entries;
  }

  /** {@code command} and {@code args} expanded against the whole environment. */
  EnvExpansion.Expanded expand(String arg) {
    return EnvExpansion.expand(
        arg, n -> lookup(variables, open ? "a Secret or ConfigMap" : null, n));
  }

  /** The value of a variable when the input shows it; empty when unknown or not defined. */
  Optional<String> value(String name) {
    return variables.get(name) instanceof Known k ? Optional.of(k.value()) : Optional.empty();
  }

  /** Every variable name defined, known or not. */
  java.util.Set<String> names() {
    return variables.keySet();
  }

  private static String describe(EnvVarSource s) {
    if (s.getSecretKeyRef() != null) {
      return "Secret " + s.getSecretKeyRef().getName();
    }
    if (s.getConfigMapKeyRef() != null) {
      return "ConfigMap " + s.getConfigMapKeyRef().getName() + " (not in the input)";
    }
    if (s.getFieldRef() != null) {
      return "fieldRef " + s.getFieldRef().getFieldPath();
    }
    if (s.getResourceFieldRef() != null) {
      return "resourceFieldRef " + s.getResourceFieldRef().getResource();
    }
    return "valueFrom";
  }

  private static Map<String, String> data(ConfigMap cm) {
    return cm.getData() == null ? Map.of() : cm.getData();
  }
}
