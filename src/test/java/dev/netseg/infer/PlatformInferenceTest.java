package dev.netseg.infer;

import static dev.netseg.testing.TestApps.service;
import static dev.netseg.testing.TestApps.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformInferenceTest {

  private static EndpointSlice apiServerSlice(String... addresses) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName("kubernetes")
        .withLabels(Map.of("kubernetes.io/service-name", "kubernetes"))
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint()
        .withAddresses(addresses)
        .endEndpoint()
        .addNewPort()
        .withName("https")
        .withPort(6443)
        .withProtocol("TCP")
        .endPort()
        .build();
  }

  @Test
  void dnsGoesToConventionalKubeDnsPodsWhenTheServiceIsNotInTheInput() {
    InferenceFixture f = new InferenceFixture().add(workload("shop", "a").build());
    f.options.dns(true);
    InferenceResult r = f.infer();
    assertThat(InferenceFixture.render(r.flows()))
        .containsExactly(
            "shop/a[Deployment] -> kube-system/kube-dns[Service] TCP/53 [platform]",
            "shop/a[Deployment] -> kube-system/kube-dns[Service] UDP/53 [platform]");
    assertThat(r.selectorPeers())
        .extracting(p -> p.podSelector().getMatchLabels())
        .containsExactly(Map.of("k8s-app", "kube-dns"));
  }

  @Test
  void dnsUsesTheServiceSelectorAndTargetPortsFromTheInput() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "a").build())
            .add(
                service(
                    "kube-system",
                    "kube-dns",
                    Map.of("k8s-app", "coredns"),
                    "dns=53:5353/UDP",
                    "dns-tcp=53:5353/TCP",
                    "metrics=9153"));
    f.options.dns(true);
    InferenceResult r = f.infer();
    assertThat(InferenceFixture.render(r.flows()))
        .containsExactly(
            "shop/a[Deployment] -> kube-system/kube-dns[Service] TCP/5353 [platform]",
            "shop/a[Deployment] -> kube-system/kube-dns[Service] UDP/5353 [platform]");
    assertThat(r.selectorPeers())
        .extracting(p -> p.podSelector().getMatchLabels())
        .containsExactly(Map.of("k8s-app", "coredns"));
  }

  @Test
  void dnsGoesToTheDnsWorkloadsWhenTheyAreInTheInput() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "a").build())
            .add(
                workload("kube-system", "coredns")
                    .labels(Map.of("k8s-app", "kube-dns"))
                    .port("dns", 53, "UDP")
                    .port("dns-tcp", 53, "TCP")
                    .build())
            .add(
                service(
                    "kube-system",
                    "kube-dns",
                    Map.of("k8s-app", "kube-dns"),
                    "dns=53:dns/UDP",
                    "dns-tcp=53:dns-tcp/TCP",
                    "metrics=9153"));
    f.options.dns(true);
    assertThat(f.flows())
        .contains(
            "shop/a[Deployment] -> kube-system/coredns[Deployment] TCP/53 [platform]",
            "shop/a[Deployment] -> kube-system/coredns[Deployment] UDP/53 [platform]")
        .noneMatch(s -> s.contains("9153"));
    assertThat(f.infer().selectorPeers()).isEmpty();
  }

  @Test
  void nodeLocalDnsIsAnIpBlockOnUdpAndTcp53() {
    InferenceFixture f = new InferenceFixture().add(workload("shop", "a").build());
    f.options.dns(true).nodeLocalDns("169.254.20.10");
    assertThat(f.flows())
        .contains(
            "shop/a[Deployment] -> 169.254.20.10/32 TCP/53 [platform]",
            "shop/a[Deployment] -> 169.254.20.10/32 UDP/53 [platform]");
  }

  @Test
  void ingressOnlyModeNeedsNoPlatformEgress() {
    InferenceFixture f = new InferenceFixture().add(workload("shop", "a").build());
    f.options.dns(true).ingressOnly(true).nodeLocalDns("169.254.20.10");
    assertThat(f.flows()).isEmpty();
  }

  @Test
  void apiServerEgressOnlyForWorkloadsThatNeedItToTheEndpointSliceAddresses() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("ops", "controller")
                    .annotation("netseg.dev/egress", "kube-apiserver")
                    .build())
            .add(workload("ops", "bystander").build())
            .add(workload("ops", "reporter").build())
            .add(apiServerSlice("10.0.0.10", "10.0.0.11"));
    f.options.apiServerClients(List.of("ops/reporter"));
    assertThat(f.flows())
        .containsExactly(
            "ops/controller[Deployment] -> 10.0.0.10/32 TCP/6443 [declared]",
            "ops/controller[Deployment] -> 10.0.0.11/32 TCP/6443 [declared]",
            "ops/reporter[Deployment] -> 10.0.0.10/32 TCP/6443 [platform]",
            "ops/reporter[Deployment] -> 10.0.0.11/32 TCP/6443 [platform]");
  }

  @Test
  void apiServerFallsBackToConfiguredCidrsAndPorts() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("ops", "controller")
                    .annotation("netseg.dev/egress", "kube-apiserver")
                    .build());
    f.options.apiServerCidrs(List.of("172.20.0.0/28")).apiServerPorts(List.of(443));
    assertThat(f.flows())
        .containsExactly("ops/controller[Deployment] -> 172.20.0.0/28 TCP/443 [declared]");
  }

  @Test
  void unknownApiServerAndUnknownClientsAreReported() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("ops", "controller")
                    .annotation("netseg.dev/egress", "kube-apiserver")
                    .build());
    f.options.apiServerClients(List.of("ops/missing"));
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings())
        .containsExactly(
            "API server client ops/missing: configured client: no Service or workload named"
                + " missing in namespace ops in the input",
            "Deployment ops/controller: annotation netseg.dev/egress entry 1 \"kube-apiserver\":"
                + " the API server's address is unknown (no EndpointSlice of default/kubernetes in"
                + " the input and no API server CIDRs configured)");
  }
}
