package dev.netseg.workload;

import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;

/** Small YAML snippets of cluster objects, loaded as the CLI would load them. */
final class ClusterYaml {
  private ClusterYaml() {}

  static Manifests load(String... documents) {
    return new ManifestLoader().loadText("test.yaml", String.join("---\n", documents));
  }

  static String owner(String kind, String name) {
    String api =
        switch (kind) {
          case "Job", "CronJob" -> "batch/v1";
          case "Node" -> "v1";
          case "Rollout" -> "argoproj.io/v1alpha1";
          default -> "apps/v1";
        };
    return "  ownerReferences: [{apiVersion: %s, kind: %s, name: %s, uid: uid-%s, controller: true}]\n"
        .formatted(api, kind, name, name);
  }

  static String template(String labels) {
    return """
          template:
            metadata:
              labels: %s
              annotations: {netseg.dev/egress: "db:5432"}
            spec:
              containers: [{name: main, image: app, ports: [{name: http, containerPort: 8080}]}]
        """
        .formatted(labels);
  }

  static String deployment(String ns, String name, String selector, String labels) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s, uid: uid-%s, annotations: {team: a}}
        spec:
          selector: {matchLabels: %s}
        """
            .formatted(name, ns, name, selector)
        + template(labels);
  }

  static String controller(String kind, String ns, String name, String selector, String labels) {
    return """
        apiVersion: apps/v1
        kind: %s
        metadata: {name: %s, namespace: %s, uid: uid-%s}
        spec:
          selector: {matchLabels: %s}
        """
            .formatted(kind, name, ns, name, selector)
        + template(labels);
  }

  static String replicaSet(
      String ns, String name, String ownerDeployment, String selector, String labels) {
    return """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: %s
          namespace: %s
          uid: uid-%s
        %sspec:
          selector: {matchLabels: %s}
        """
            .formatted(
                name,
                ns,
                name,
                ownerDeployment == null ? "" : owner("Deployment", ownerDeployment),
                selector)
        + template(labels);
  }

  static String job(String ns, String name, String ownerCronJob, String labels) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          namespace: %s
          uid: uid-%s
        %sspec:
        """
            .formatted(name, ns, name, ownerCronJob == null ? "" : owner("CronJob", ownerCronJob))
        + template(labels);
  }

  static String cronJob(String ns, String name, String labels) {
    return """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: %s, namespace: %s, uid: uid-%s}
        spec:
          schedule: "*/5 * * * *"
          jobTemplate:
            spec:
        """
            .formatted(name, ns, name)
        + template(labels).indent(4);
  }

  /** A live pod; owner is {@code Kind/name} or null, created is an RFC 3339 time or null. */
  static String pod(String ns, String name, String labels, String owner, String created) {
    String ownerRef = "";
    if (owner != null) {
      String[] parts = owner.split("/");
      ownerRef = owner(parts[0], parts[1]);
    }
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          labels: %s
        %s%sspec:
          containers: [{name: main, image: app}]
        status:
          podIP: 10.0.0.1
        """
        .formatted(
            name,
            ns,
            labels,
            created == null ? "" : "  creationTimestamp: \"" + created + "\"\n",
            ownerRef);
  }
}
