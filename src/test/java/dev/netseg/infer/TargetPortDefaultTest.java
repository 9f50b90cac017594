package dev.netseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.synth.GeneratorOptions;
import dev.netseg.testing.YamlApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Service port's {@code targetPort} that is 0 or missing means "the same as port", as the API
 * server defaults it; the flow goes to that port on the pods.
 */
class TargetPortDefaultTest {

  private static String app(String targetPortField) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: client, namespace: shop}
        spec:
          selector: {matchLabels: {app: client}}
          template:
            metadata: {labels: {app: client}}
            spec:
              containers:
              - name: main
                env: [{name: API_ADDR, value: "api:9000"}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec:
              containers:
              - name: main
                ports: [{name: web, containerPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec:
          selector: {app: api}
          ports:
          - port: 9000
        """
        + targetPortField.indent(4);
  }

  @ParameterizedTest(name = "{0} -> pod port {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "targetPort: 0      | 9000",
        "''                 | 9000",
        "targetPort: 8080   | 8080",
        "targetPort: web    | 8080",
      })
  void targetPortZeroOrMissingIsThePortItself(String field, int podPort) {
    YamlApp app = YamlApp.of(app(field));
    assertThat(app.flows())
        .containsExactly(
            "shop/client[Deployment] -> shop/api[Deployment] TCP/" + podPort + " [manifest]");
  }

  @ParameterizedTest(name = "kube-dns {0}")
  @CsvSource({"targetPort: 0", "''"})
  void clusterDnsServiceWithTargetPortZeroIsReachedOnPort53(String field) {
    String yaml =
        app("")
            + """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: kube-dns, namespace: kube-system}
            spec:
              selector: {k8s-app: kube-dns}
              ports:
              - name: dns
                port: 53
                protocol: UDP
            """
            + field.indent(4);
    YamlApp app = YamlApp.of(yaml, GeneratorOptions.builder().build());
    assertThat(app.flows())
        .contains("shop/client[Deployment] -> kube-system/kube-dns[Service] UDP/53 [platform]");
  }
}
