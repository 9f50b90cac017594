package dev.netseg.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyPlannerTest {
  private static final Ownership.Owner OWNER =
      new Ownership.Owner("netseg.dev/v1alpha1", "SegmentationProfile", "shop", "shop", "uid-1");
  private static final Ownership.Owner OTHER =
      new Ownership.Owner("netseg.dev/v1alpha1", "SegmentationProfile", "shop", "other", "uid-2");
  private final PolicyPlanner planner = new PolicyPlanner();

  private static NetworkPolicy policy(String name, int port) {
    return Serialization.unmarshal(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: %s, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: %s}}
          policyTypes: [Ingress, Egress]
          ingress:
          - from: [{podSelector: {matchLabels: {app: frontend}}}]
            ports: [{port: %d, protocol: TCP}]
          egress: []
        """
            .formatted(name, name, port),
        NetworkPolicy.class);
  }

  /** A policy that selects every pod of the namespace and allows nothing. */
  private static NetworkPolicy defaultDeny(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: %s, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        """
            .formatted(name),
        NetworkPolicy.class);
  }

  /**
   * Each write takes effect on its own, so the policies that allow are written before one that only
   * isolates: written first, a default deny would block every required flow until the policies
   * allowing them follow (the name order put {@code netseg-default-deny} first).
   */
  @Test
  void policiesThatAllowAreWrittenBeforeAPolicyThatOnlyIsolates() {
    PolicyPlan plan =
        planner.plan(
            OWNER,
            List.of(policy("netseg-payments", 50051), defaultDeny("netseg-default-deny")),
            List.of());
    assertThat(plan.apply())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("netseg-payments", "netseg-default-deny");
  }

  private static NetworkPolicy owned(Ownership.Owner owner, NetworkPolicy p) {
    return PolicyPlanner.stamped(owner, p);
  }

  @Test
  void missingPolicyIsAppliedWithLabelsAndOwnerReference() {
    PolicyPlan plan = planner.plan(OWNER, List.of(policy("cart", 8080)), List.of());
    assertThat(plan.apply()).hasSize(1);
    NetworkPolicy p = plan.apply().get(0);
    assertThat(p.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "netseg")
        .containsEntry("netseg.dev/profile", "shop");
    assertThat(p.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo("uid-1"));
  }

  @Test
  void identicalOwnedPolicyIsNoWriteEvenAfterApiServerDefaulting() {
    NetworkPolicy stored =
        Serialization.unmarshal(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: cart
              namespace: shop
              resourceVersion: "42"
              labels: {app.kubernetes.io/managed-by: netseg, netseg.dev/profile: shop}
              annotations:
                argocd.argoproj.io/compare-options: IgnoreExtraneous
                argocd.argoproj.io/sync-options: Prune=false
              ownerReferences:
              - {apiVersion: netseg.dev/v1alpha1, kind: SegmentationProfile, name: shop, uid: uid-1}
            spec:
              podSelector: {matchLabels: {app: cart}}
              policyTypes: [Ingress, Egress]
              ingress:
              - from: [{podSelector: {matchLabels: {app: frontend}}}]
                ports: [{port: 8080}]
            """,
            NetworkPolicy.class);
    PolicyPlan plan = planner.plan(OWNER, List.of(policy("cart", 8080)), List.of(stored));
    assertThat(plan.isNoop()).isTrue();
    assertThat(plan.unchanged()).containsExactly("cart");
  }

  @Test
  void changedOwnedPolicyIsReapplied() {
    PolicyPlan plan =
        planner.plan(
            OWNER, List.of(policy("cart", 9090)), List.of(owned(OWNER, policy("cart", 8080))));
    assertThat(plan.apply()).extracting(p -> p.getMetadata().getName()).containsExactly("cart");
    assertThat(plan.delete()).isEmpty();
  }

  @Test
  void ownedPolicyNoLongerWantedIsDeleted() {
    PolicyPlan plan =
        planner.plan(
            OWNER,
            List.of(policy("cart", 8080)),
            List.of(owned(OWNER, policy("cart", 8080)), owned(OWNER, policy("gone", 80))));
    assertThat(plan.delete()).extracting(p -> p.getMetadata().getName()).containsExactly("gone");
  }

  @Test
  void policyOwnedBySomeoneElseIsNeverTouchedAndANameClashIsReported() {
    NetworkPolicy userPolicy = policy("cart", 1234);
    userPolicy.getMetadata().setLabels(java.util.Map.of("app.kubernetes.io/managed-by", "netseg"));
    NetworkPolicy otherProfiles = owned(OTHER, policy("search", 80));
    PolicyPlan plan =
        planner.plan(OWNER, List.of(policy("cart", 8080)), List.of(userPolicy, otherProfiles));
    assertThat(plan.apply()).isEmpty();
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.clashes())
        .containsExactly(
            new PolicyPlan.Clash(
                "cart",
                "labelled app.kubernetes.io/managed-by=netseg but owned by no profile (it has no"
                    + " owner reference), so netseg does not own it"));
  }

  @Test
  void aClashNamesWhoOwnsOrManagesThePolicy() {
    NetworkPolicy otherTool = policy("cart", 1234);
    otherTool.getMetadata().setLabels(java.util.Map.of("app.kubernetes.io/managed-by", "Helm"));
    assertThat(planner.plan(OWNER, List.of(policy("cart", 8080)), List.of(otherTool)).clashes())
        .containsExactly(new PolicyPlan.Clash("cart", "managed by Helm"));
    NetworkPolicy plain = policy("cart", 1234);
    assertThat(planner.plan(OWNER, List.of(policy("cart", 8080)), List.of(plain)).clashes())
        .containsExactly(new PolicyPlan.Clash("cart", "not managed by netseg"));
    NetworkPolicy otherProfiles = owned(OTHER, policy("cart", 80));
    assertThat(planner.plan(OWNER, List.of(policy("cart", 8080)), List.of(otherProfiles)).clashes())
        .singleElement()
        .satisfies(c -> assertThat(c.owner()).startsWith("owned by SegmentationProfile/"));
  }

  @Test
  void writtenPolicyCarriesTheAnnotationsThatKeepArgoCdFromPruningItOrReportingOutOfSync() {
    NetworkPolicy p = planner.plan(OWNER, List.of(policy("cart", 8080)), List.of()).apply().get(0);
    assertThat(p.getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/compare-options", "IgnoreExtraneous")
        .containsEntry("argocd.argoproj.io/sync-options", "Prune=false");
  }

  @Test
  void argoCdTrackingMetadataNeverReachesAWrittenPolicyButOtherMetadataStays() {
    NetworkPolicy desired = policy("cart", 8080);
    desired
        .getMetadata()
        .setAnnotations(
            Map.of(
                "argocd.argoproj.io/tracking-id",
                "shop:netseg.dev/SegmentationProfile:shop/shop",
                "netseg.dev/workload",
                "Deployment shop/cart"));
    desired
        .getMetadata()
        .setLabels(Map.of("app.kubernetes.io/instance", "shop", "team", "payments"));
    NetworkPolicy p = planner.plan(OWNER, List.of(desired), List.of()).apply().get(0);
    assertThat(p.getMetadata().getAnnotations())
        .doesNotContainKey("argocd.argoproj.io/tracking-id")
        .containsEntry("netseg.dev/workload", "Deployment shop/cart");
    assertThat(p.getMetadata().getLabels())
        .doesNotContainKey("app.kubernetes.io/instance")
        .containsEntry("team", "payments");
  }

  @Test
  void ownedPolicyWrittenWithoutTheArgoCdAnnotationsIsReappliedWithThem() {
    NetworkPolicy before = owned(OWNER, policy("cart", 8080));
    before.getMetadata().setAnnotations(Map.of());
    PolicyPlan plan = planner.plan(OWNER, List.of(policy("cart", 8080)), List.of(before));
    assertThat(plan.apply())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getMetadata().getAnnotations())
                    .containsEntry("argocd.argoproj.io/sync-options", "Prune=false"));
  }
}
