package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {

  @Test
  void defaultsAllowDnsAndExposureFromAnywhere() {
    GeneratorOptions o = GeneratorOptions.defaults();
    assertThat(o.inference().restrictEgress()).isTrue();
    assertThat(o.dns().podLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
    assertThat(o.exposure().cidrs())
        .extracting(c -> c.toCanonicalString())
        .containsExactly("0.0.0.0/0", "::/0");
    assertThat(o.apiServer().ports()).containsExactly(443, 6443);
  }

  @Test
  void everyWrongValueIsReportedWithItsField() {
    assertThatThrownBy(
            () ->
                GeneratorOptions.builder()
                    .nodeLocalDns("169.254.20.0/24")
                    .apiServerCidrs(List.of("10.0.0.1/8", "nope"))
                    .apiServerPorts(List.of(0))
                    .apiServerClients(List.of("justname"))
                    .exposureCidrs(List.of())
                    .ingressController("Ingress_Nginx", Map.of("app", "bad value!"))
                    .extraEgress(List.of("cart:80", "10.0.0.0/8:http", "10.0.0.0/8:x:y"))
                    .clusterDomain("Cluster Local")
                    .profile("My_Profile")
                    .dnsPodLabels(Map.of())
                    .build())
        .isInstanceOfSatisfying(
            InvalidOptionsException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "dns.podLabels: empty: it would allow DNS to every pod of kube-system",
                        "nodeLocalDns: \"169.254.20.0/24\" is not a single IP address",
                        "apiServer.cidrs[0]: \"10.0.0.1/8\" has host bits set; did you mean"
                            + " 10.0.0.0/8?",
                        "apiServer.cidrs[1]: \"nope\" is not a CIDR",
                        "apiServer.ports[0]: 0 is not a port 1-65535",
                        "apiServer.clients[0]: \"justname\" is not namespace/name",
                        "exposure.cidrs: empty: exposed Services would be unreachable (0.0.0.0/0"
                            + " and ::/0 allow any address)",
                        "exposure.ingressController.namespace: \"Ingress_Nginx\" is not a valid"
                            + " name (DNS-1123 label)",
                        "exposure.ingressController.podSelector.matchLabels.app: \"bad value!\" is"
                            + " not a valid label value (a label value must be empty or 1-63"
                            + " letters, digits, '-', '_' or '.', starting and ending with a letter"
                            + " or digit)",
                        "extraEgress[0]: \"cart:80\" is not a CIDR (CIDR[:port][/protocol])",
                        "extraEgress[1]: \"10.0.0.0/8:http\": a CIDR takes a port number, not a"
                            + " name",
                        "extraEgress[2] \"10.0.0.0/8:x:y\": more than one ':'; expected"
                            + " [namespace/]name[:port][/protocol], CIDR[:port][/protocol],"
                            + " [IPv6-CIDR][:port][/protocol] or kube-apiserver",
                        "clusterDomain: \"Cluster Local\" is not a DNS domain",
                        "profile: \"My_Profile\" is not a valid object name"));
  }
}
