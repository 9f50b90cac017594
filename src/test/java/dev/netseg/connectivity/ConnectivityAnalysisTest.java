package dev.netseg.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import org.junit.jupiter.api.Test;

class ConnectivityAnalysisTest {

  private static Manifests manifests(String yaml) {
    return new ManifestLoader().loadText("test.yaml", yaml);
  }

  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app, namespace: x}
      spec:
        selector: {matchLabels: {app: app}}
        template:
          metadata: {labels: {app: app}}
          spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}
      ---
      """;

  @Test
  void externalRangesFollowIpBlocksAndExceptAndAdjacentEqualRangesMerge() {
    var lines =
        new ConnectivityAnalysis(false)
            .analyze(
                manifests(
                    APP
                        + """
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: egress, namespace: x}
                        spec:
                          podSelector: {}
                          policyTypes: [Egress]
                          egress:
                          - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
                            ports: [{port: 443}]
                          - to: [{ipBlock: {cidr: 10.1.0.0/16}}]
                            ports: [{port: 443}, {port: 5432}]
                        """));
    assertThat(lines)
        .extracting(ConnectivityLine::format)
        .containsExactly(
            "0.0.0.0-255.255.255.255[External] => x/app[Deployment] : All Connections",
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => x/app[Deployment] :"
                + " All Connections",
            "x/app[Deployment] => 10.0.0.0-10.0.255.255[External] : TCP 443",
            "x/app[Deployment] => 10.1.0.0-10.1.255.255[External] : TCP 443,5432",
            "x/app[Deployment] => 10.2.0.0-10.255.255.255[External] : TCP 443");
  }

  @Test
  void workloadsWithTheSameNameAndDifferentKindsStayApart() {
    var lines =
        new ConnectivityAnalysis(false)
            .analyze(
                manifests(
                    APP
                        + """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: app, namespace: x, labels: {role: debug}}
                        spec: {containers: [{name: c, image: i}]}
                        ---
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: only-debug, namespace: x}
                        spec:
                          podSelector: {matchLabels: {app: app}}
                          ingress: [{from: [{podSelector: {matchLabels: {role: debug}}}]}]
                        """));
    assertThat(lines)
        .extracting(ConnectivityLine::format)
        .contains("x/app[Pod] => x/app[Deployment] : All Connections")
        .doesNotContain("0.0.0.0-255.255.255.255[External] => x/app[Deployment] : All Connections");
  }
}
