package dev.netseg.infer;

import dev.netseg.testing.YamlApp;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Small applications in namespace {@code shop} written as YAML: a client whose container is given
 * as YAML, and servers (a Deployment and a Service with the same ports).
 */
final class ConfigApps {
  private ConfigApps() {}

  /** A Deployment {@code client} whose container has the given fields (env, args, ...). */
  static String client(String containerFields) {
    return deployment("client", containerFields);
  }

  static String deployment(String name, String containerFields) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: shop}
        spec:
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
              - name: main
        """
            .formatted(name, name, name)
        + containerFields.indent(8);
  }

  /** A Deployment and a Service of that name, listening on (and exposing) these ports. */
  static String server(String name, int... ports) {
    String list =
        Arrays.stream(ports).mapToObj(p -> "{containerPort: " + p + "}").collect(joining());
    String servicePorts =
        Arrays.stream(ports)
            .mapToObj(p -> "{name: p" + p + ", port: " + p + "}")
            .collect(joining());
    return deployment(name, "ports: [" + list + "]")
        + "---\n"
        + """
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: shop}
        spec:
          selector: {app: %s}
          ports: [%s]
        """
            .formatted(name, name, servicePorts);
  }

  static String configMap(String name, String data) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: shop}
        data:
        """
            .formatted(name)
        + data.indent(2);
  }

  static YamlApp app(String... documents) {
    return YamlApp.of(String.join("---\n", documents));
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }
}
