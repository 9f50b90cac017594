package dev.netseg.infer;

import static dev.netseg.infer.ConfigApps.app;
import static dev.netseg.infer.ConfigApps.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.synth.GeneratorOptions;
import dev.netseg.testing.YamlApp;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Gateway API route exposes the Services among its backendRefs the way an Ingress does, for every
 * route kind; the report says which kinds were read.
 */
class GatewayApiExposureTest {
  private static final String GATEWAY =
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: gw, namespace: shop}
      spec:
        gatewayClassName: example
        listeners: [{name: http, port: 80, protocol: HTTP}]
      """;

  private static String route(String apiVersion, String kind, String spec) {
    return """
        apiVersion: gateway.networking.k8s.io/%s
        kind: %s
        metadata: {name: r, namespace: shop}
        spec:
        """
            .formatted(apiVersion, kind)
        + spec.indent(2);
  }

  private static final String TO_WEB =
      "parentRefs: [{name: gw}]\nrules: [{backendRefs: [{name: web, port: 80}]}]";
  private static final String V4 = "0.0.0.0/0 -> shop/web[Deployment] TCP/8080 [exposure]";
  private static final String V6 = "::/0 -> shop/web[Deployment] TCP/8080 [exposure]";

  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of("v1", "HTTPRoute", TO_WEB, List.of(V4, V6), List.of()),
        Arguments.of("v1beta1", "HTTPRoute", TO_WEB, List.of(V4, V6), List.of()),
        Arguments.of("v1", "GRPCRoute", TO_WEB, List.of(V4, V6), List.of()),
        Arguments.of("v1alpha2", "GRPCRoute", TO_WEB, List.of(V4, V6), List.of()),
        Arguments.of("v1alpha2", "TLSRoute", TO_WEB, List.of(V4, V6), List.of()),
        Arguments.of("v1alpha2", "TCPRoute", TO_WEB, List.of(V4, V6), List.of()),
        Arguments.of(
            "v1alpha2",
            "UDPRoute",
            "parentRefs: [{name: gw}]\nrules: [{backendRefs: [{name: dns, port: 53}]}]",
            List.of(
                "0.0.0.0/0 -> shop/web[Deployment] UDP/5353 [exposure]",
                "::/0 -> shop/web[Deployment] UDP/5353 [exposure]"),
            List.of()),
        Arguments.of(
            "v1",
            "HTTPRoute",
            "parentRefs: [{name: other, namespace: infra}]\n"
                + "rules: [{backendRefs: [{name: web, port: 80}]}]",
            List.of(V4, V6),
            List.of()),
        Arguments.of(
            "v1",
            "HTTPRoute",
            "rules: [{backendRefs: [{name: web, port: 80}]}]",
            List.of(),
            List.of(
                "HTTPRoute shop/r: attached to no Gateway (spec.parentRefs): its backends are not"
                    + " exposed")),
        Arguments.of(
            "v1",
            "HTTPRoute",
            "parentRefs: [{name: gw}]\n"
                + "rules: [{backendRefs: [{name: bucket, kind: Bucket, group: example.com}]}]",
            List.of(),
            List.of(
                "HTTPRoute shop/r rules[0].backendRefs[0]: backend Bucket bucket is not a Service:"
                    + " not read")),
        Arguments.of(
            "v1",
            "HTTPRoute",
            "parentRefs: [{name: gw}]\nrules: [{backendRefs: [{name: nosuch, port: 80}]}]",
            List.of(),
            List.of(
                "HTTPRoute shop/r rules[0].backendRefs[0]: backend Service shop/nosuch is not in"
                    + " the input")));
  }

  @ParameterizedTest(name = "{1} {0}: {2}")
  @MethodSource("routes")
  void routesExposeTheirBackendServices(
      String version, String kind, String spec, List<String> flows, List<String> findings) {
    YamlApp app =
        app(
            GATEWAY,
            route(version, kind, spec),
            webServer(),
            """
            apiVersion: v1
            kind: Service
            metadata: {name: dns, namespace: shop}
            spec:
              selector: {app: web}
              ports: [{port: 53, protocol: UDP, targetPort: 5353}]
            """);
    assertThat(app.manifests().warnings()).isEmpty();
    assertThat(app.flows()).isEqualTo(flows);
    assertThat(app.findings()).isEqualTo(findings);
    assertThat(app.result().report().exposure()).containsEntry(kind, 1).containsEntry("Gateway", 1);
  }

  private static String webServer() {
    return server("web", 8080)
        .replace(
            "ports: [{name: p8080, port: 8080}]",
            "ports: [{name: http, port: 80, targetPort: 8080}]");
  }

  static Stream<Arguments> sources() {
    return Stream.of(
        Arguments.of(
            GeneratorOptions.builder().dns(false).build(),
            List.of(V4, V6),
            "HTTPRoute shop/r rules[0].backendRefs[0] -> Service web:80 (via Gateway shop/gw)"),
        Arguments.of(
            GeneratorOptions.builder().dns(false).ingressController("gateways", Map.of()).build(),
            List.of(
                "gateways/ingress-controller[IngressController] -> shop/web[Deployment] TCP/8080"
                    + " [exposure]"),
            "HTTPRoute shop/r rules[0].backendRefs[0] -> Service web:80 (via Gateway shop/gw)"));
  }

  @ParameterizedTest
  @MethodSource("sources")
  void exposedFromTheIngressControllerWhenOneIsConfiguredElseFromOutside(
      GeneratorOptions options, List<String> flows, String evidence) {
    YamlApp app =
        YamlApp.of(
            String.join("---\n", GATEWAY, route("v1", "HTTPRoute", TO_WEB), webServer()), options);
    assertThat(app.flows()).isEqualTo(flows);
    assertThat(app.evidence()).contains("exposure: " + evidence);
  }
}
