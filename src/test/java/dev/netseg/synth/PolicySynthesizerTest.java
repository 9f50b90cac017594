package dev.netseg.synth;

import static dev.netseg.testing.TestApps.service;
import static dev.netseg.testing.TestApps.withType;
import static dev.netseg.testing.TestApps.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.Finding;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySynthesizerTest {

  private static SynthesisFixture shop() {
    return new SynthesisFixture()
        .add(
            workload("shop", "frontend")
                .port("http", 8080)
                .env("CART_ADDR", "cart:7070")
                .env("CATALOG_ADDR", "catalog.data:3550")
                .build())
        .add(workload("shop", "cart").port("grpc", 7070).build())
        .add(workload("data", "catalog").kind("StatefulSet").port("grpc", 3550).build())
        .add(service("shop", "cart", "7070"), service("data", "catalog", "3550"))
        .add(withType(service("shop", "frontend", "80:http"), "LoadBalancer"));
  }

  private static NetworkPolicy policy(GenerationResult r, String ns, String name) {
    return r.policies().stream()
        .filter(p -> p.namespace().equals(ns) && p.name().equals(name))
        .findFirst()
        .orElseThrow()
        .policy();
  }

  @Test
  void rendersTheExpectedPolicyForAServer() {
    SynthesisFixture f = shop();
    f.options.dns(true).nodeLocalDns("169.254.20.10");
    assertThat(f.yaml("shop", "netseg-cart"))
        .isEqualTo(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              annotations:
                netseg.dev/justification: |-
                  ingress[0] from shop/frontend[Deployment]:
                    TCP 7070: manifest: Deployment shop/frontend env CART_ADDR: cart:7070
                  egress[0] to kube-system/kube-dns[Service]:
                    TCP 53, UDP 53: platform: cluster DNS (k8s-app=kube-dns in kube-system; Service kube-system/kube-dns not in the input)
                  egress[1] to 169.254.20.10/32:
                    TCP 53, UDP 53: platform: NodeLocal DNSCache 169.254.20.10/32
                netseg.dev/workload: Deployment shop/cart
              labels:
                app.kubernetes.io/managed-by: netseg
              name: netseg-cart
              namespace: shop
            spec:
              egress:
              - ports:
                - port: 53
                  protocol: TCP
                - port: 53
                  protocol: UDP
                to:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: kube-system
                  podSelector:
                    matchLabels:
                      k8s-app: kube-dns
              - ports:
                - port: 53
                  protocol: TCP
                - port: 53
                  protocol: UDP
                to:
                - ipBlock:
                    cidr: 169.254.20.10/32
              ingress:
              - from:
                - podSelector:
                    matchLabels:
                      app: frontend
                ports:
                - port: grpc
                  protocol: TCP
              podSelector:
                matchLabels:
                  app: cart
              policyTypes:
              - Ingress
              - Egress
            """);
  }

  @Test
  void peersAreSelectedByPodsInTheSameNamespaceNamespaceAndPodsElsewhereAndIpBlocksOutside() {
    GenerationResult r = shop().generate();
    NetworkPolicy frontend = policy(r, "shop", "netseg-frontend");
    List<NetworkPolicyPeer> to =
        frontend.getSpec().getEgress().stream().flatMap(e -> e.getTo().stream()).toList();
    assertThat(to).hasSize(2);
    assertThat(to.get(0).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "data"));
    assertThat(to.get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "catalog"));
    assertThat(to.get(1).getNamespaceSelector()).isNull();
    assertThat(to.get(1).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "cart"));
    assertThat(frontend.getSpec().getIngress())
        .extracting(i -> i.getFrom().get(0).getIpBlock().getCidr())
        .containsExactly("0.0.0.0/0", "::/0");
    assertThat(frontend.getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getStrVal())
        .containsExactly("http");
    assertThat(policy(r, "data", "netseg-catalog").getSpec().getIngress().get(0).getFrom().get(0))
        .satisfies(
            p -> {
              assertThat(p.getNamespaceSelector().getMatchLabels())
                  .isEqualTo(Map.of("kubernetes.io/metadata.name", "shop"));
              assertThat(p.getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "frontend"));
            });
  }

  @Test
  void egressUsesNumbersAndContiguousPortsBecomeRanges() {
    SynthesisFixture f =
        new SynthesisFixture()
            .add(workload("shop", "client").env("API_ADDR", "api").build())
            .add(
                workload("shop", "api")
                    .port("a", 8080)
                    .port("b", 8081)
                    .port("c", 8082)
                    .port("d", 9000)
                    .build())
            .add(service("shop", "api", "8080", "8081", "8082", "9000"));
    GenerationResult r = f.generate();
    assertThat(PolicyYaml.render(policy(r, "shop", "netseg-client")))
        .contains(
            """
              egress:
              - ports:
                - endPort: 8082
                  port: 8080
                  protocol: TCP
                - port: 9000
                  protocol: TCP
            """);
    assertThat(policy(r, "shop", "netseg-api").getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getStrVal())
        .containsExactly("a", "b", "c", "d");
  }

  @Test
  void ingressOnlyModeLeavesEgressOpen() {
    SynthesisFixture f = shop();
    f.options.ingressOnly(true).dns(true);
    GenerationResult r = f.generate();
    assertThat(r.networkPolicies())
        .allSatisfy(
            p -> {
              assertThat(p.getSpec().getPolicyTypes()).containsExactly("Ingress");
              assertThat(p.getSpec().getEgress()).isNullOrEmpty();
            });
    assertThat(policy(r, "shop", "netseg-cart").getSpec().getIngress()).hasSize(1);
  }

  @Test
  void defaultDenyIsOnePolicyPerNamespaceOfGovernedWorkloads() {
    SynthesisFixture f = shop();
    f.options.defaultDeny(true);
    GenerationResult r = f.generate();
    assertThat(r.policies())
        .filteredOn(p -> p.workload().isEmpty())
        .extracting(p -> p.namespace() + "/" + p.name())
        .containsExactly("data/netseg-default-deny", "shop/netseg-default-deny");
    NetworkPolicy deny = policy(r, "shop", "netseg-default-deny");
    assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    assertThat(PolicyYaml.render(deny)).contains("  podSelector: {}\n");
  }

  @Test
  void ambiguousSelectorsGetNoPolicyAndAFinding() {
    SynthesisFixture f =
        new SynthesisFixture()
            .add(
                workload("shop", "web")
                    .labels(Map.of("app", "web", "track", "stable"))
                    .selector(Map.of("app", "web"))
                    .build())
            .add(
                workload("shop", "web-canary")
                    .labels(Map.of("app", "web", "track", "canary"))
                    .selector(Map.of("app", "web", "track", "canary"))
                    .build())
            .add(workload("shop", "everything").selector(Map.of()).build());
    GenerationResult r = f.generate();
    assertThat(r.policies()).extracting(GeneratedPolicy::name).containsExactly("netseg-web-canary");
    assertThat(r.findings())
        .filteredOn(x -> x.kind() == Finding.Kind.AMBIGUOUS_SELECTOR)
        .extracting(Finding::subject)
        .containsExactly("Deployment shop/everything", "Deployment shop/web");
  }

  @Test
  void excludedWorkloadsGetNoPolicyButStayExactPeers() {
    SynthesisFixture f = shop();
    GenerationResult r =
        new Generator(f.options.build())
            .generate(
                dev.netseg.infer.InferenceInput.of(f.workloads, f.objects, List.of(), List.of()),
                w -> !w.ref().name().equals("frontend"));
    assertThat(r.policies()).extracting(GeneratedPolicy::name).doesNotContain("netseg-frontend");
    assertThat(policy(r, "shop", "netseg-cart").getSpec().getIngress().get(0).getFrom())
        .extracting(p -> p.getPodSelector().getMatchLabels())
        .containsExactly(Map.of("app", "frontend"));
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void profileLabelExtraEgressAndUnknownPeersAreReflected() {
    SynthesisFixture f = new SynthesisFixture().add(workload("shop", "a").build());
    f.options.profile("shop-profile").extraEgress(List.of("10.0.0.0/8", "192.168.1.0/24:3128"));
    WorkloadRef ghost = new WorkloadRef("shop", "ghost", "Deployment");
    f.observed.add(
        new RequiredFlow(
            new Peer.WorkloadPeer(ghost),
            new Peer.WorkloadPeer(new WorkloadRef("shop", "a", "Deployment")),
            Protocol.TCP,
            80,
            List.of(new Provenance(Provenance.Source.OBSERVED, "flows.jsonl line 3"))));
    GenerationResult r = f.generate();
    NetworkPolicy a = policy(r, "shop", "netseg-a");
    assertThat(a.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("app.kubernetes.io/managed-by", "netseg", "netseg.dev/profile", "shop-profile"));
    assertThat(a.getSpec().getIngress()).isNullOrEmpty();
    assertThat(PolicyYaml.render(a))
        .contains(
            """
              egress:
              - to:
                - ipBlock:
                    cidr: 10.0.0.0/8
              - ports:
                - port: 3128
                  protocol: TCP
                to:
                - ipBlock:
                    cidr: 192.168.1.0/24
            """)
        .contains(
            "egress[1] to 192.168.1.0/24:\n        configured: extraEgress 192.168.1.0/24:3128");
    assertThat(r.findings())
        .extracting(Finding::toString)
        .containsExactly(
            "shop/ghost[Deployment]: 1 required flow(s) name this workload, which is not in the"
                + " input: no rule for them");
  }

  @Test
  void reportCountsWorkloadsPoliciesFlowsAndSources() {
    GenerationReport report = shop().generate().report();
    assertThat(report.workloads()).isEqualTo(3);
    assertThat(report.governedWorkloads()).isEqualTo(3);
    assertThat(report.policies()).isEqualTo(3);
    assertThat(report.flows()).isEqualTo(4);
    assertThat(report.flowsBySource())
        .containsEntry(Provenance.Source.MANIFEST, 2)
        .containsEntry(Provenance.Source.EXPOSURE, 2)
        .containsEntry(Provenance.Source.OBSERVED, 0);
    assertThat(report.errors()).isZero();
  }
}
