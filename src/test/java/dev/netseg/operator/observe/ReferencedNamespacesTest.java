package dev.netseg.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReferencedNamespacesTest {
  private static final Set<String> WITH_PROFILES = Set.of("payments", "data", "shop");

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of(
            "a Service name qualified with its namespace in an env value",
            deployment("env: [{name: PAY, value: 'paymentservice.payments:50051'}]"),
            Set.of("payments")),
        Arguments.of(
            "a cluster-local DNS name in args",
            deployment("args: ['--db=postgres://db.data.svc.cluster.local:5432/x']"),
            Set.of("data")),
        Arguments.of(
            "a name of the object's own namespace is no other end",
            deployment("env: [{name: CART, value: 'cart.shop:7070'}]"),
            Set.of()),
        Arguments.of(
            "a word that merely contains a namespace name",
            deployment("env: [{name: X, value: 'paymentsx.other'}]"),
            Set.of()),
        Arguments.of(
            "a declaration annotation",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              annotations: {netseg.dev/egress: "data/postgres:5432"}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c, image: i}]}
            """,
            Set.of("data")),
        Arguments.of(
            "ConfigMap data",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg, namespace: shop}
            data: {app.properties: "payments.url=http://paymentservice.Payments.svc/"}
            """,
            Set.of("payments")),
        Arguments.of(
            "a Service has nothing that names another namespace",
            """
            apiVersion: v1
            kind: Service
            metadata: {name: data, namespace: shop}
            spec: {ports: [{port: 80}]}
            """,
            Set.of()));
  }

  private static String deployment(String containerFields) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: c
                image: i
                %s
        """
        .formatted(containerFields);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void findsTheNamespacesAReferenceNames(String what, String yaml, Set<String> expected) {
    HasMetadata object = new KubernetesSerialization().unmarshal(yaml);
    assertThat(ReferencedNamespaces.in(object, WITH_PROFILES)).isEqualTo(expected);
  }
}
