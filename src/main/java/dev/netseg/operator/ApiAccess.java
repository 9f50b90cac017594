package dev.netseg.operator;

import java.util.List;

/**
 * Every Kubernetes API call the operator makes, as RBAC rules: the one list that the Helm chart's
 * ClusterRole and Role templates must grant exactly (a test renders the chart and compares), so a
 * new call without a rule, or a rule nobody uses, fails the build.
 */
public final class ApiAccess {
  private ApiAccess() {}

  /** Where a rule is granted: cluster-wide (or per watched namespace), or the operator's own. */
  public enum Scope {
    WATCHED_NAMESPACES,
    CLUSTER,
    OPERATOR_NAMESPACE
  }

  /**
   * One RBAC rule.
   *
   * @param onlyWithFlowIngestion granted only when the flow-ingestion endpoint is enabled
   */
  public record Rule(
      Scope scope,
      String apiGroup,
      List<String> resources,
      List<String> verbs,
      boolean onlyWithFlowIngestion,
      String why) {
    public Rule {
      resources = List.copyOf(resources);
      verbs = List.copyOf(verbs);
    }
  }

  /**
   * What an informer needs: the operator reads every object it watches from its caches. Writes are
   * server-side apply: a PATCH, which the API server also authorizes as {@code create} when the
   * object does not exist yet.
   */
  private static final List<String> READ = List.of("list", "watch");

  /**
   * Rules granted that the operator does not call in a normal run ({@code group/resource verb}),
   * each with the reason it stays: AuditedRbacIT fails on any other rule nobody called.
   */
  public static final java.util.Map<String, String> UNCALLED = java.util.Map.of();

  public static final List<Rule> RULES =
      List.of(
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "netseg.dev",
              List.of("segmentationprofiles"),
              READ,
              false,
              "reconcile profiles"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "netseg.dev",
              List.of("segmentationprofiles/status"),
              List.of("patch"),
              false,
              "report status (server-side apply)"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "netseg.dev",
              List.of("learnededges"),
              List.of("list", "create", "patch", "delete"),
              false,
              "persist learned edges (server-side apply), load them on taking the lead, delete an"
                  + " older epoch once a newer one is written"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "netseg.dev",
              List.of("policyproposals"),
              List.of("list", "watch", "create", "patch"),
              false,
              "the proposal of each profile (server-side apply), read back from an informer"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "",
              List.of("pods", "services", "configmaps"),
              READ,
              false,
              "workloads, Services and the addresses in their configuration"),
          new Rule(
              Scope.CLUSTER,
              "",
              List.of("namespaces"),
              READ,
              false,
              "namespace labels decide namespaceSelector peers"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "apps",
              List.of("deployments", "statefulsets", "daemonsets", "replicasets"),
              READ,
              false,
              "workload identity and stable selectors"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "batch",
              List.of("jobs", "cronjobs"),
              READ,
              false,
              "workload identity and stable selectors"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "discovery.k8s.io",
              List.of("endpointslices"),
              READ,
              false,
              "API server and DNS endpoints"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "networking.k8s.io",
              List.of("ingresses"),
              READ,
              false,
              "Services exposed through an Ingress"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "networking.k8s.io",
              List.of("networkpolicies"),
              List.of("list", "watch", "create", "patch", "delete"),
              false,
              "write the generated policies; read the others for the safety gate"),
          new Rule(
              Scope.WATCHED_NAMESPACES,
              "",
              List.of("events"),
              List.of("create", "patch"),
              false,
              "events on apply, hold, conflict and errors"),
          new Rule(
              Scope.OPERATOR_NAMESPACE,
              "coordination.k8s.io",
              List.of("leases"),
              List.of("get", "create", "update", "patch"),
              false,
              "leader election: the elector reads, creates and renews (patch) the Lease; the"
                  + " leader releases it on shutdown (update)"),
          new Rule(
              Scope.CLUSTER,
              "authentication.k8s.io",
              List.of("tokenreviews"),
              List.of("create"),
              true,
              "authenticate flow collectors"));
}
