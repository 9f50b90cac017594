package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.PortRef;
import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Rule 2: Service addresses named in env var values, container args and command, and the values of
 * the ConfigMaps the pod references (env valueFrom, envFrom, volumes). Each is resolved to the
 * Service's backing workloads and target ports; strong references that resolve to nothing are
 * reported, weak ones are dropped (see {@link AddressReference}).
 */
final class ManifestFlows {
  /** Default ports of URL schemes: {@code http://svc} uses only port 80 when the Service has it. */
  private static final Map<String, Integer> SCHEME_PORTS =
      Map.ofEntries(
          Map.entry("http", 80),
          Map.entry("https", 443),
          Map.entry("ws", 80),
          Map.entry("wss", 443),
          Map.entry("grpc", 80),
          Map.entry("redis", 6379),
          Map.entry("rediss", 6379),
          Map.entry("postgres", 5432),
          Map.entry("postgresql", 5432),
          Map.entry("mysql", 3306),
          Map.entry("mariadb", 3306),
          Map.entry("mongodb", 27017),
          Map.entry("amqp", 5672),
          Map.entry("amqps", 5671),
          Map.entry("nats", 4222),
          Map.entry("memcached", 11211),
          Map.entry("ldap", 389),
          Map.entry("ldaps", 636),
          Map.entry("smtp", 25));

  private final ServiceBackends services;
  private final Map<String, ConfigMap> configMaps = new HashMap<>();
  private final String clusterDomain;
  private final FlowSink sink;

  ManifestFlows(
      ServiceBackends services, List<ConfigMap> configMaps, String clusterDomain, FlowSink sink) {
    this.services = services;
    for (ConfigMap c : configMaps) {
      this.configMaps.put(ServiceBackends.namespace(c) + "/" + c.getMetadata().getName(), c);
    }
    this.clusterDomain = clusterDomain;
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
      scanEnv(w, c, prefix);
      scanArgs(w, c.getCommand(), prefix + " command");
      scanArgs(w, c.getArgs(), prefix + " args");
    }
    if (spec.getVolumes() != null) {
      for (Volume v : spec.getVolumes()) {
        scanVolume(w, v, subject + " volume " + v.getName());
      }
    }
  }

  private void scanEnv(Workload w, Container c, String prefix) {
    if (c.getEnv() != null) {
      for (EnvVar e : c.getEnv()) {
        String field = prefix + " env " + e.getName();
        boolean hint = AddressReferences.isAddressKey(e.getName());
        if (e.getValue() != null) {
          scan(w, field, e.getValue(), hint);
        } else if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
          ConfigMapKeySelector ref = e.getValueFrom().getConfigMapKeyRef();
          configMap(w, ref.getName(), ref.getOptional(), field)
              .ifPresent(
                  cm -> {
                    String value = data(cm).get(ref.getKey());
                    if (value != null) {
                      scan(
                          w,
                          field + " from " + Subjects.of(cm) + " key " + ref.getKey(),
                          value,
                          hint || AddressReferences.isAddressKey(ref.getKey()));
                    }
                  });
        }
      }
    }
    if (c.getEnvFrom() != null) {
      for (EnvFromSource from : c.getEnvFrom()) {
        if (from.getConfigMapRef() != null) {
          String field = prefix + " envFrom";
          configMap(
                  w, from.getConfigMapRef().getName(), from.getConfigMapRef().getOptional(), field)
              .ifPresent(cm -> scanConfigMap(w, cm, field, null));
        }
      }
    }
  }

  private void scanArgs(Workload w, List<String> args, String field) {
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
      scan(w, field + "[" + i + "]", args.get(i), hint);
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
        (key, value) ->
            scan(
                w,
                field + " " + Subjects.of(cm) + " key " + key,
                value,
                AddressReferences.isAddressKey(key)));
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

  private void scan(Workload w, String field, String value, boolean addressKey) {
    for (AddressReference ref : AddressReferences.scan(value, addressKey)) {
      resolve(w, field, ref);
    }
  }

  private void resolve(Workload w, String field, AddressReference ref) {
    if (ref.isIpLiteral()) {
      sink.finding(
          Severity.WARNING,
          Kind.UNRESOLVED,
          field,
          "\""
              + ref.text()
              + "\" is an IP address, not a Service; if the connection is needed, declare it"
              + " (netseg.dev/egress: "
              + (ref.host().contains(":") ? "[" + ref.host() + "]" : ref.host())
              + ":"
              + (ref.port().isPresent() ? ref.port().getAsInt() : "<port>")
              + ")");
      return;
    }
    Optional<ServiceName> name = ServiceName.of(ref.host(), w.ref().namespace(), clusterDomain);
    Optional<Service> service = name.flatMap(n -> services.service(n.namespace(), n.name()));
    if (service.isEmpty()) {
      if (ref.strong()) {
        sink.finding(
            Severity.WARNING,
            Kind.UNRESOLVED,
            field,
            "\""
                + ref.text()
                + "\" names no Service of the input"
                + name.map(n -> " (looked for Service " + n + ")")
                    .orElse(" (an outside host: allow its addresses with a CIDR entry)"));
      }
      return;
    }
    Optional<PortRef> port =
        ref.port().isPresent()
            ? Optional.of(new PortRef.Number(ref.port().getAsInt()))
            : Optional.empty();
    OptionalInt preferred =
        ref.scheme().map(SCHEME_PORTS::get).map(OptionalInt::of).orElse(OptionalInt.empty());
    ServiceBackends.Resolution r =
        services.resolve(service.get(), port, Optional.empty(), preferred);
    for (String problem : r.problems()) {
      sink.finding(Severity.WARNING, Kind.UNRESOLVED, field, "\"" + ref.text() + "\": " + problem);
    }
    Provenance why =
        new Provenance(Provenance.Source.MANIFEST, field + ": " + Subjects.abbreviate(ref.text()));
    Peer self = new Peer.WorkloadPeer(w.ref());
    for (ServiceBackends.Backend b : r.backends()) {
      // A workload naming its own Service without a port is usually saying who it is (tracing,
      // advertised names), not what it connects to.
      if (b.workload().ref().equals(w.ref()) && ref.port().isEmpty()) {
        continue;
      }
      sink.add(self, new Peer.WorkloadPeer(b.workload().ref()), b.protocol(), b.port(), why);
    }
  }
}
