package dev.netseg.infer;

import static dev.netseg.testing.TestApps.service;
import static dev.netseg.testing.TestApps.workload;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeclaredInferenceTest {

  private static InferenceFixture shop() {
    return new InferenceFixture()
        .add(workload("shop", "cartservice").port("grpc", 9555).build())
        .add(service("shop", "cartservice", "7070:grpc"))
        .add(workload("payments", "gateway").port("web", 8443).build())
        .add(service("payments", "gateway", "http=8080:web"))
        .add(workload("shop", "worker").port("jobs", 9000).port("metrics", 9100).build());
  }

  @Test
  void declaredEgressResolvesServicesWorkloadsAndCidrsToTargetPorts() {
    InferenceFixture f =
        shop()
            .add(
                workload("shop", "checkout")
                    .annotation(
                        "netseg.dev/egress",
                        "cartservice:7070, payments/gateway:http, worker:jobs,"
                            + " 10.0.0.0/8:5432/TCP, [fd00::/8]:53/UDP")
                    .build());
    assertThat(f.flows())
        .containsExactly(
            "shop/checkout[Deployment] -> payments/gateway[Deployment] TCP/8443 [declared]",
            "shop/checkout[Deployment] -> shop/cartservice[Deployment] TCP/9555 [declared]",
            "shop/checkout[Deployment] -> shop/worker[Deployment] TCP/9000 [declared]",
            "shop/checkout[Deployment] -> 10.0.0.0/8 TCP/5432 [declared]",
            "shop/checkout[Deployment] -> fd00::/8 UDP/53 [declared]");
    assertThat(f.infer().flows().get(1).provenance().get(0).evidence())
        .isEqualTo(
            "Deployment shop/checkout annotation netseg.dev/egress entry 1 \"cartservice:7070\"");
  }

  @Test
  void declaredIngressAdmitsClientsOnTheWorkloadsOwnPorts() {
    InferenceFixture f =
        shop()
            .add(workload("monitoring", "prometheus").build())
            .add(
                workload("shop", "db")
                    .port("pg", 5432)
                    .port("metrics", 9187)
                    .templateAnnotation(
                        "netseg.dev/ingress",
                        "worker, monitoring/prometheus:metrics, 192.168.0.0/16:5432")
                    .build());
    assertThat(f.flows())
        .containsExactly(
            "monitoring/prometheus[Deployment] -> shop/db[Deployment] TCP/9187 [declared]",
            "shop/worker[Deployment] -> shop/db[Deployment] TCP/5432 [declared]",
            "shop/worker[Deployment] -> shop/db[Deployment] TCP/9187 [declared]",
            "192.168.0.0/16 -> shop/db[Deployment] TCP/5432 [declared]");
  }

  @Test
  void malformedAnnotationIsAnErrorNamingObjectAnnotationEntryAndAddsNothingFromIt() {
    InferenceFixture f =
        shop()
            .add(
                workload("shop", "checkout")
                    .annotation(
                        "netseg.dev/egress",
                        "cartservice:7070, payments/gateway:8080, payments:http:x")
                    .build());
    InferenceResult r = f.infer();
    assertThat(r.flows()).isEmpty();
    assertThat(r.findings()).hasSize(1);
    assertThat(r.findings().get(0).severity()).isEqualTo(Finding.Severity.ERROR);
    assertThat(r.findings().get(0).toString())
        .startsWith(
            "Deployment shop/checkout: annotation netseg.dev/egress entry 3 \"payments:http:x\":"
                + " more than one ':'");
  }

  @Test
  void namesPortsAndAddressesThatResolveToNothingAreReported() {
    InferenceFixture f =
        shop()
            .add(
                workload("shop", "checkout")
                    .annotation(
                        "netseg.dev/egress",
                        "nosuch:80, cartservice:7071, worker:nope, 10.0.0.0/8, kube-apiserver")
                    .build());
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings())
        .containsExactly(
            "Deployment shop/checkout: annotation netseg.dev/egress entry 4 \"10.0.0.0/8\": an"
                + " address destination needs a port number (e.g. 10.0.0.0/8:5432)",
            "Deployment shop/checkout: annotation netseg.dev/egress entry 1 \"nosuch:80\": no"
                + " Service or workload named nosuch in namespace shop in the input",
            "Deployment shop/checkout: annotation netseg.dev/egress entry 2 \"cartservice:7071\":"
                + " Service shop/cartservice has no port 7071",
            "Deployment shop/checkout: annotation netseg.dev/egress entry 3 \"worker:nope\":"
                + " Deployment shop/worker has no container port \"nope\"",
            "Deployment shop/checkout: annotation netseg.dev/egress entry 5 \"kube-apiserver\":"
                + " the API server's address is unknown (no EndpointSlice of default/kubernetes in"
                + " the input and no API server CIDRs configured)");
  }

  @Test
  void allowRulesOfBothFormsAddFlowsWithTheirOrigin() {
    InferenceFixture f = shop().add(workload("shop", "frontend").port("http", 8080).build());
    f.allow.add(
        AllowRule.between(
            "frontend", "cartservice:7070", Optional.of("shop"), "allow.yaml entry 1"));
    f.allow.addAll(
        AllowRule.forWorkload(
            "shop",
            "frontend",
            List.of("payments/gateway:8080"),
            List.of("203.0.113.0/24:http"),
            "SegmentationProfile shop/p spec.allow[0]"));
    assertThat(f.flows())
        .containsExactly(
            "shop/frontend[Deployment] -> payments/gateway[Deployment] TCP/8443 [allow_list]",
            "shop/frontend[Deployment] -> shop/cartservice[Deployment] TCP/9555 [allow_list]",
            "203.0.113.0/24 -> shop/frontend[Deployment] TCP/8080 [allow_list]");
    assertThat(f.infer().flows())
        .flatExtracting(flow -> flow.provenance())
        .extracting(p -> p.evidence())
        .containsExactly(
            "SegmentationProfile shop/p spec.allow[0] egress[0] \"payments/gateway:8080\"",
            "allow.yaml entry 1: frontend -> cartservice:7070",
            "SegmentationProfile shop/p spec.allow[0] ingress[0] \"203.0.113.0/24:http\"");
  }
}
