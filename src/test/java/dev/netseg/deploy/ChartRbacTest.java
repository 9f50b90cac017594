package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.ApiAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart grants exactly the API calls listed in {@link ApiAccess#RULES}: the effective
 * permissions of the operator's ServiceAccount (every binding to it, resolved to its role's rules)
 * must equal that list for each install mode. A new call without a rule, or a rule nobody uses,
 * fails here.
 */
class ChartRbacTest {
  private static final String CLUSTER_WIDE = "<cluster-wide>";

  /** One grant, normalised: one API group, sorted resources and verbs. */
  record Grant(String apiGroup, List<String> resources, List<String> verbs) {
    static Grant of(String apiGroup, List<String> resources, List<String> verbs) {
      return new Grant(
          apiGroup, resources.stream().sorted().toList(), verbs.stream().sorted().toList());
    }
  }

  record Mode(
      String description,
      String values,
      List<String> watchNamespaces,
      boolean flowIngestion,
      boolean leaderElection,
      String serviceAccount) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Arguments> modes() {
    return Stream.of(
            new Mode("defaults: cluster-wide", "{}", List.of(), false, true, "netseg-operator"),
            new Mode(
                "watched namespaces",
                "watchNamespaces: [shop, payments, data]",
                List.of("shop", "payments", "data"),
                false,
                true,
                "netseg-operator"),
            new Mode(
                "cluster-wide with flow ingestion",
                "flowIngestion: {enabled: true, allowed: [\"system:serviceaccount:monitoring:x\"]}",
                List.of(),
                true,
                true,
                "netseg-operator"),
            new Mode(
                "watched namespaces (one is the release namespace) with flow ingestion",
                "watchNamespaces: [shop, netseg-system]\n"
                    + "flowIngestion: {enabled: true, allowed: [\"system:serviceaccount:monitoring:x\"]}",
                List.of("shop", "netseg-system"),
                true,
                true,
                "netseg-operator"),
            new Mode(
                "one replica without leader election, own ServiceAccount name",
                "replicaCount: 1\n"
                    + "leaderElection: {enabled: false}\n"
                    + "serviceAccount: {name: netseg-sa}",
                List.of(),
                false,
                false,
                "netseg-sa"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void grantsExactlyTheApiCallsTheOperatorMakes(Mode mode) {
    HelmChart.Rendered rendered = HelmChart.render(mode.values());

    assertThat(effectiveGrants(rendered, mode.serviceAccount()))
        .as("effective RBAC grants per namespace")
        .isEqualTo(expectedGrants(mode));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void everyRoleIsBoundAndNoRuleUsesWildcards(Mode mode) {
    HelmChart.Rendered rendered = HelmChart.render(mode.values());
    List<PolicyRule> allRules = new ArrayList<>();
    rendered.all(ClusterRole.class).forEach(r -> allRules.addAll(r.getRules()));
    rendered.all(Role.class).forEach(r -> allRules.addAll(r.getRules()));

    assertThat(allRules)
        .isNotEmpty()
        .allSatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getResources()).doesNotContain("*");
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            });
    List<String> boundRoles = new ArrayList<>();
    rendered
        .all(ClusterRoleBinding.class)
        .forEach(b -> boundRoles.add("ClusterRole/" + b.getRoleRef().getName()));
    rendered
        .all(RoleBinding.class)
        .forEach(
            b ->
                boundRoles.add(
                    b.getRoleRef().getKind()
                        + "/"
                        + b.getMetadata().getNamespace()
                        + "/"
                        + b.getRoleRef().getName()));
    List<String> roles = new ArrayList<>();
    rendered
        .all(ClusterRole.class)
        .forEach(r -> roles.add("ClusterRole/" + r.getMetadata().getName()));
    rendered
        .all(Role.class)
        .forEach(
            r ->
                roles.add(
                    "Role/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()));
    assertThat(boundRoles).containsExactlyInAnyOrderElementsOf(roles);
  }

  /** What ApiAccess.RULES says the operator needs, per namespace (or cluster-wide). */
  static Map<String, List<Grant>> expectedGrants(Mode mode) {
    Map<String, List<Grant>> expected = new TreeMap<>();
    for (ApiAccess.Rule rule : ApiAccess.RULES) {
      if (rule.onlyWithFlowIngestion() && !mode.flowIngestion()) {
        continue;
      }
      // The Lease is the one operator-namespace call that only leader election makes.
      if (rule.resources().contains("leases") && !mode.leaderElection()) {
        continue;
      }
      Grant grant = Grant.of(rule.apiGroup(), rule.resources(), rule.verbs());
      // Exhaustive switch: a new scope in ApiAccess does not compile until handled here.
      List<String> where =
          switch (rule.scope()) {
            case CLUSTER -> List.of(CLUSTER_WIDE);
            case OPERATOR_NAMESPACE -> List.of(HelmChart.NAMESPACE);
            case WATCHED_NAMESPACES ->
                mode.watchNamespaces().isEmpty() ? List.of(CLUSTER_WIDE) : mode.watchNamespaces();
          };
      where.forEach(ns -> expected.computeIfAbsent(ns, k -> new ArrayList<>()).add(grant));
    }
    expected.replaceAll((ns, grants) -> sorted(grants));
    return expected;
  }

  /** Every rule granted to the ServiceAccount by a binding, per namespace (or cluster-wide). */
  static Map<String, List<Grant>> effectiveGrants(HelmChart.Rendered rendered, String sa) {
    Map<String, List<Grant>> granted = new TreeMap<>();
    for (ClusterRoleBinding b : rendered.all(ClusterRoleBinding.class)) {
      if (bindsServiceAccount(b.getSubjects(), sa)) {
        addGrants(granted, CLUSTER_WIDE, rulesOf(rendered, b.getRoleRef(), null));
      }
    }
    for (RoleBinding b : rendered.all(RoleBinding.class)) {
      if (bindsServiceAccount(b.getSubjects(), sa)) {
        String ns = b.getMetadata().getNamespace();
        addGrants(granted, ns, rulesOf(rendered, b.getRoleRef(), ns));
      }
    }
    granted.replaceAll((ns, grants) -> sorted(grants));
    return granted;
  }

  private static boolean bindsServiceAccount(List<Subject> subjects, String sa) {
    return subjects.stream()
        .anyMatch(
            s ->
                "ServiceAccount".equals(s.getKind())
                    && sa.equals(s.getName())
                    && HelmChart.NAMESPACE.equals(s.getNamespace()));
  }

  private static List<PolicyRule> rulesOf(HelmChart.Rendered rendered, RoleRef ref, String ns) {
    HasMetadata role =
        switch (ref.getKind()) {
          case "ClusterRole" -> rendered.named(ClusterRole.class, ref.getName()).orElse(null);
          case "Role" ->
              rendered.all(Role.class).stream()
                  .filter(
                      r ->
                          ref.getName().equals(r.getMetadata().getName())
                              && ns.equals(r.getMetadata().getNamespace()))
                  .findFirst()
                  .orElse(null);
          default -> null;
        };
    assertThat(role).as("role %s/%s bound in %s", ref.getKind(), ref.getName(), ns).isNotNull();
    return role instanceof ClusterRole cr ? cr.getRules() : ((Role) role).getRules();
  }

  private static void addGrants(
      Map<String, List<Grant>> into, String where, List<PolicyRule> rules) {
    for (PolicyRule rule : rules) {
      assertThat(rule.getResourceNames()).as("resourceNames").isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        into.computeIfAbsent(where, k -> new ArrayList<>())
            .add(Grant.of(group, rule.getResources(), rule.getVerbs()));
      }
    }
  }

  private static List<Grant> sorted(List<Grant> grants) {
    return grants.stream().sorted(Comparator.comparing(Grant::toString)).toList();
  }
}
