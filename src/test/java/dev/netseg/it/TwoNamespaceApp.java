package dev.netseg.it;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small application across two namespaces, enough for the operator to have work on both ends of a
 * flow: {@code web} (a frontend whose env names the catalog Service of the other namespace) and
 * {@code api} (the catalog, port 8080), each with a SegmentationProfile in Enforce mode with no
 * learning period, so that policies are written as soon as the operator reconciles.
 */
final class TwoNamespaceApp {
  private final KubernetesClient admin;
  private final StandInControllers controllers;
  private final String web;
  private final String api;

  private TwoNamespaceApp(KubernetesClient admin, String ipPrefix, String web, String api) {
    this.admin = admin;
    this.controllers = new StandInControllers(admin, ipPrefix);
    this.web = web;
    this.api = api;
  }

  /** Creates both namespaces (unique names from {@code prefix}), the workloads and the profiles. */
  static TwoNamespaceApp install(ApiServerFixture fixture, String prefix, String ipPrefix) {
    String web = fixture.createNamespace(prefix + "-web");
    String api = fixture.createNamespace(prefix + "-api");
    TwoNamespaceApp app = new TwoNamespaceApp(fixture.admin(), ipPrefix, web, api);
    app.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: catalog, namespace: %2$s}
        spec:
          selector: {matchLabels: {app: catalog}}
          template:
            metadata: {labels: {app: catalog}}
            spec:
              containers:
                - name: server
                  image: registry.k8s.io/e2e-test-images/agnhost:2.52
                  ports: [{name: http, containerPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: catalog, namespace: %2$s}
        spec:
          selector: {app: catalog}
          ports: [{name: http, port: 80, targetPort: http}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: frontend, namespace: %1$s}
        spec:
          selector: {matchLabels: {app: frontend}}
          template:
            metadata: {labels: {app: frontend}}
            spec:
              containers:
                - name: server
                  image: registry.k8s.io/e2e-test-images/agnhost:2.52
                  env: [{name: CATALOG_URL, value: "http://catalog.%2$s.svc:80"}]
                  ports: [{name: http, containerPort: 8080}]
        """
            .formatted(web, api));
    app.apply(profile(web) + "---\n" + profile(api));
    return app;
  }

  private static String profile(String namespace) {
    return """
        apiVersion: netseg.dev/v1alpha1
        kind: SegmentationProfile
        metadata: {name: app, namespace: %s}
        spec:
          mode: Enforce
          learning: {minimumLearningPeriod: 0s}
        """
        .formatted(namespace);
  }

  /** Applies objects as {@code kubectl apply --server-side} would, and runs their pods. */
  void apply(String yaml) {
    List<HasMetadata> objects =
        admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata o : objects) {
      HasMetadata stored =
          admin.resource(o).fieldManager("kubectl").forceConflicts().serverSideApply();
      controllers.podsOf(stored);
    }
  }

  String web() {
    return web;
  }

  String api() {
    return api;
  }

  List<String> namespaces() {
    return List.of(web, api);
  }

  /** Every NetworkPolicy of both namespaces, by namespace/name, with its resourceVersion. */
  Map<String, String> policyVersions() {
    Map<String, String> versions = new TreeMap<>();
    for (String ns : namespaces()) {
      for (NetworkPolicy p :
          admin.network().v1().networkPolicies().inNamespace(ns).list().getItems()) {
        versions.put(ns + "/" + p.getMetadata().getName(), p.getMetadata().getResourceVersion());
      }
    }
    return versions;
  }

  /** The profile of {@code namespace}. */
  SegmentationProfile profile(KubernetesClient client, String namespace) {
    return client.resources(SegmentationProfile.class).inNamespace(namespace).withName("app").get();
  }
}
