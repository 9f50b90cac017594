package dev.netseg.infer;

import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Rule 2: Service addresses named in env var values, container args and command, and the values of
 * the ConfigMaps the pod references (env valueFrom, envFrom, volumes). Env values, command and args
 * are read as the kubelet runs them, with {@code $(NAME)} expanded ({@link ContainerEnv}); a host
 * key without a port takes the port of its sibling port key ({@link PortSiblings}); keys that hold
 * credentials are not read. Each address is resolved by {@link AddressResolution}.
 */
final class ManifestFlows {
  private final Map<String, ConfigMap> configMaps = new HashMap<>();
  private final AddressResolution resolution;
  private final FlowSink sink;
  private final Map<String, List<AddressReference>> scanned = new HashMap<>();
  private final Map<String, List<AddressReference>> scannedAsAddress = new HashMap<>();

  ManifestFlows(List<ConfigMap> configMaps, AddressResolution resolution, FlowSink sink) {
    for (ConfigMap c : configMaps) {
      this.configMaps.put(ServiceBackends.namespace(c) + "/" + c.getMetadata().getName(), c);
    }
    this.resolution = resolution;
    this.sink = sink;
  }

  void collect(Workload w) {
    PodSpec spec = w.template().getSpec();
    if (spec == null) {
      return;
    }
    String subject = Subjects.of(w.ref());
    List<Container> containers = new ArrayList<>();
    if (spec.getInitContainers() != null) {
      containers.addAll(spec.getInitContainers());
    }
    if (spec.getContainers() != null) {
      containers.addAll(spec.getContainers());
    }
    boolean several = containers.size() > 1;
    for (Container c : containers) {
      String prefix = subject + (several ? " container " + c.getName() : "");
      ContainerEnv env =
          ContainerEnv.of(
              c,
              prefix,
              w.ref().namespace(),
              (name, optional, field) -> configMap(w, name, optional, field));
      scanEnv(w, env);
      scanArgs(w, c.getCommand(), prefix + " command", env);
      scanArgs(w, c.getArgs(), prefix + " args", env);
    }
    if (spec.getVolumes() != null) {
      for (Volume v : spec.getVolumes()) {
        scanVolume(w, v, subject + " volume " + v.getName());
      }
    }
  }

  private void scanEnv(Workload w, ContainerEnv env) {
    for (ContainerEnv.Entry e : env.entries()) {
      if (e.value().isEmpty() || Secrets.isSecretKey(e.name()) || Secrets.isSecretKey(e.key())) {
        continue; // a credential: never read, never quoted
      }
      int found =
          scan(
              w,
              e.field(),
              e.value().get(),
              AddressReferences.isAddressKey(e.key()),
              e.name(),
              env.names(),
              env::value);
      if (found == 0 && !e.unknown().isEmpty()) {
        runtimeOnly(w, e.field(), e.original(), e.unknown(), e.key());
      }
    }
  }

  private void scanArgs(Workload w, List<String> args, String field, ContainerEnv env) {
    if (args == null) {
      return;
    }
    for (int i = 0; i < args.size(); i++) {
      // "--cart-addr cartservice": the previous argument is the flag that names this value
      String previous = i == 0 ? "" : args.get(i - 1);
      boolean hint =
          previous.startsWith("-")
              && !previous.contains("=")
              && AddressReferences.isAddressKey(previous);
      if (previous.startsWith("-") && Secrets.isSecretKey(previous)) {
        continue; // --password x
      }
      EnvExpansion.Expanded arg = env.expand(args.get(i));
      String at = field + "[" + i + "]";
      int found = scan(w, at, arg.value(), hint, null, List.of(), k -> Optional.empty());
      if (found == 0 && !arg.unknown().isEmpty()) {
        runtimeOnly(w, at, args.get(i), arg.unknown(), hint ? previous : null);
      }
    }
  }

  private void scanVolume(Workload w, Volume v, String field) {
    ConfigMapVolumeSource source = v.getConfigMap();
    if (source != null) {
      configMap(w, source.getName(), source.getOptional(), field)
          .ifPresent(cm -> scanConfigMap(w, cm, field, source.getItems()));
    }
    if (v.getProjected() != null && v.getProjected().getSources() != null) {
      for (VolumeProjection p : v.getProjected().getSources()) {
        ConfigMapProjection proj = p.getConfigMap();
        if (proj != null) {
          configMap(w, proj.getName(), proj.getOptional(), field)
              .ifPresent(cm -> scanConfigMap(w, cm, field, proj.getItems()));
        }
      }
    }
  }

  private void scanConfigMap(Workload w, ConfigMap cm, String field, List<KeyToPath> items) {
    Map<String, String> data = new TreeMap<>(data(cm));
    if (items != null && !items.isEmpty()) {
      data.keySet().retainAll(items.stream().map(KeyToPath::getKey).toList());
    }
    data.forEach(
        (key, value) -> {
          if (!Secrets.isSecretKey(key)) {
            scan(
                w,
                field + " " + Subjects.of(cm) + " key " + key,
                value,
                AddressReferences.isAddressKey(key),
                key,
                data.keySet(),
                k -> Optional.ofNullable(data.get(k)));
          }
        });
  }

  private Optional<ConfigMap> configMap(Workload w, String name, Boolean optional, String field) {
    if (name == null) {
      return Optional.empty();
    }
    ConfigMap cm = configMaps.get(w.ref().namespace() + "/" + name);
    if (cm == null && !Boolean.TRUE.equals(optional)) {
      sink.finding(
          Severity.WARNING,
          Kind.MISSING_OBJECT,
          field,
          "ConfigMap " + w.ref().namespace() + "/" + name + " is not in the input: not read");
    }
    return Optional.ofNullable(cm);
  }

  private static Map<String, String> data(ConfigMap cm) {
    return cm.getData() == null ? Map.of() : cm.getData();
  }

  /**
   * Reads one value and resolves its references; a reference without a port takes the port of the
   * key beside {@code key} that holds it ({@code FLAGD_PORT} beside {@code FLAGD_HOST}), or the
   * ports of the keys that name one each ({@code OTEL_COLLECTOR_PORT_GRPC}, {@code
   * OTEL_COLLECTOR_PORT_HTTP}).
   *
   * @param keys the keys beside {@code key} (the container's variables, the ConfigMap's keys)
   * @param values their values, when known
   * @return how many references were found
   */
  private int scan(
      Workload w,
      String field,
      String value,
      boolean addressKey,
      String key,
      Collection<String> keys,
      Function<String, Optional<String>> values) {
    // Shared ConfigMaps and repeated values are read once per run.
    List<AddressReference> refs =
        (addressKey ? scannedAsAddress : scanned)
            .computeIfAbsent(value, v -> AddressReferences.scan(v, addressKey));
    List<String> portKeys =
        refs.stream().anyMatch(r -> r.port().isEmpty())
            ? PortSiblings.portKeys(key, keys)
            : List.of();
    for (AddressReference ref : refs) {
      if (ref.port().isPresent() || portKeys.isEmpty()) {
        resolution.resolve(w, field, ref, Optional.empty());
        continue;
      }
      List<AddressReference> narrowed = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (String portKey : portKeys) {
        Optional<String> portValue = values.apply(portKey);
        java.util.OptionalInt number =
            portValue.map(PortSiblings::number).orElse(java.util.OptionalInt.empty());
        if (number.isPresent()) {
          narrowed.add(ref.withPort(number.getAsInt(), portKey));
        } else {
          notes.add(
              portKey
                  + (portValue.isPresent()
                      ? " is not a port number"
                      : " is known only when the pod runs"));
        }
      }
      if (narrowed.isEmpty()) {
        resolution.resolve(w, field, ref, Optional.of(String.join("; ", notes)));
      } else {
        narrowed.forEach(r -> resolution.resolve(w, field, r, Optional.empty()));
      }
    }
    return refs.size();
  }

  /**
   * An address-like value whose {@code $(NAME)} references only the running pod can fill in (a
   * Secret, a fieldRef): nothing is resolved, and the report says why.
   */
  private void runtimeOnly(
      Workload w, String field, String original, List<String> unknown, String key) {
    if (!original.contains("://") && !AddressReferences.isAddressKey(key)) {
      return;
    }
    sink.finding(
        Severity.WARNING,
        Kind.UNRESOLVED,
        field,
        "\""
            + Subjects.abbreviate(Secrets.redact(original))
            + "\" uses "
            + String.join(", ", unknown)
            + ", known only when the pod runs: not resolved; declare the connection if it is"
            + " needed");
  }
}
