package dev.netseg.infer;

import static dev.netseg.testing.TestApps.service;
import static dev.netseg.testing.TestApps.withType;
import static dev.netseg.testing.TestApps.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposureInferenceTest {

  private static Ingress ingress(String ns, String service, int port) {
    return new IngressBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .addNewRule()
        .withHost("shop.example.com")
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withNumber(port)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  @Test
  void loadBalancerAndNodePortServicesAreOpenFromAnywhereOnTheirTargetPortsOnly() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "frontend").port("http", 8080).port("admin", 9000).build())
            .add(workload("shop", "admin").port("http", 8081).build())
            .add(withType(service("shop", "frontend", "80:http"), "LoadBalancer"))
            .add(withType(service("shop", "admin", "8081"), "NodePort"))
            .add(service("shop", "internal", Map.of("app", "frontend"), "9000"));
    assertThat(f.flows())
        .containsExactly(
            "0.0.0.0/0 -> shop/admin[Deployment] TCP/8081 [exposure]",
            "0.0.0.0/0 -> shop/frontend[Deployment] TCP/8080 [exposure]",
            "::/0 -> shop/admin[Deployment] TCP/8081 [exposure]",
            "::/0 -> shop/frontend[Deployment] TCP/8080 [exposure]");
  }

  @Test
  void configuredSourceCidrsReplaceAnyAddress() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "frontend").port("http", 8080).build())
            .add(withType(service("shop", "frontend", "80:http"), "LoadBalancer"));
    f.options.exposureCidrs(List.of("203.0.113.0/24"));
    assertThat(f.flows())
        .containsExactly("203.0.113.0/24 -> shop/frontend[Deployment] TCP/8080 [exposure]");
  }

  @Test
  void ingressRoutedServiceIsOpenFromAnywhereByDefault() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "frontend").port("http", 8080).build())
            .add(service("shop", "frontend", "80:http"), ingress("shop", "frontend", 80));
    assertThat(f.flows())
        .containsExactly(
            "0.0.0.0/0 -> shop/frontend[Deployment] TCP/8080 [exposure]",
            "::/0 -> shop/frontend[Deployment] TCP/8080 [exposure]");
    assertThat(f.infer().flows().get(0).provenance().get(0).evidence())
        .isEqualTo("Ingress shop/web rules[0].http.paths[0] -> Service frontend:80");
  }

  @Test
  void ingressRoutedServiceIsOpenToTheConfiguredControllerOnly() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "frontend").port("http", 8080).build())
            .add(service("shop", "frontend", "80:http"), ingress("shop", "frontend", 80));
    f.options.ingressController("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
    InferenceResult r = f.infer();
    assertThat(InferenceFixture.render(r.flows()))
        .containsExactly(
            "ingress-nginx/ingress-controller[IngressController] -> shop/frontend[Deployment]"
                + " TCP/8080 [exposure]");
    assertThat(r.selectorPeers()).hasSize(1);
    assertThat(r.selectorPeers().get(0).podSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "ingress-nginx"));
  }

  @Test
  void ingressControllerInTheInputIsUsedAsAWorkload() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "frontend").port("http", 8080).build())
            .add(
                workload("ingress-nginx", "controller")
                    .labels(Map.of("app.kubernetes.io/name", "ingress-nginx"))
                    .build())
            .add(service("shop", "frontend", "80:http"), ingress("shop", "frontend", 80));
    f.options.ingressController("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
    InferenceResult r = f.infer();
    assertThat(InferenceFixture.render(r.flows()))
        .containsExactly(
            "ingress-nginx/controller[Deployment] -> shop/frontend[Deployment] TCP/8080"
                + " [exposure]");
    assertThat(r.selectorPeers()).isEmpty();
  }

  @Test
  void ingressBackendThatIsNotInTheInputIsReported() {
    InferenceFixture f = new InferenceFixture().add(ingress("shop", "gone", 80));
    assertThat(f.findings())
        .containsExactly(
            "Ingress shop/web rules[0].http.paths[0]: backend Service shop/gone is not in the"
                + " input");
  }
}
