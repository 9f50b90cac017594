package dev.netseg.manifest;

import static dev.netseg.manifest.ManifestFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestLoaderTest {
  @TempDir Path dir;
  ManifestFixtures fx;

  @BeforeEach
  void setUp() {
    fx = new ManifestFixtures(dir);
  }

  static final String TEMPLATE =
      """
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: main, image: nginx}]
      """;

  static Stream<Arguments> kinds() {
    return Stream.of(
        kind("v1", "Namespace", "", Manifests::namespaces, Namespace.class),
        kind("v1", "Pod", "spec: {containers: [{name: main}]}\n", Manifests::pods, Pod.class),
        kind(
            "apps/v1",
            "Deployment",
            "spec:\n  selector: {matchLabels: {app: web}}\n" + TEMPLATE,
            Manifests::deployments,
            Deployment.class),
        kind(
            "apps/v1",
            "StatefulSet",
            "spec:\n  serviceName: web\n  selector: {matchLabels: {app: web}}\n" + TEMPLATE,
            Manifests::statefulSets,
            StatefulSet.class),
        kind(
            "apps/v1",
            "DaemonSet",
            "spec:\n  selector: {matchLabels: {app: web}}\n" + TEMPLATE,
            Manifests::daemonSets,
            DaemonSet.class),
        kind(
            "apps/v1",
            "ReplicaSet",
            "spec:\n  selector: {matchLabels: {app: web}}\n" + TEMPLATE,
            Manifests::replicaSets,
            ReplicaSet.class),
        kind("batch/v1", "Job", "spec:\n" + TEMPLATE, Manifests::jobs, Job.class),
        kind(
            "batch/v1",
            "CronJob",
            """
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec: {containers: [{name: main}]}
            """,
            Manifests::cronJobs,
            CronJob.class),
        kind(
            "v1",
            "Service",
            "spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}\n",
            Manifests::services,
            Service.class),
        kind(
            "v1",
            "ConfigMap",
            "data: {URL: 'http://web:80'}\n",
            Manifests::configMaps,
            ConfigMap.class),
        kind(
            "networking.k8s.io/v1",
            "Ingress",
            "spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}\n",
            Manifests::ingresses,
            Ingress.class),
        kind(
            "networking.k8s.io/v1",
            "NetworkPolicy",
            "spec: {podSelector: {}, policyTypes: [Ingress]}\n",
            Manifests::networkPolicies,
            NetworkPolicy.class),
        kind(
            "discovery.k8s.io/v1",
            "EndpointSlice",
            "addressType: IPv4\nendpoints: [{addresses: [10.0.0.1]}]\n",
            Manifests::endpointSlices,
            EndpointSlice.class),
        kind("v1", "ServiceAccount", "", Manifests::serviceAccounts, ServiceAccount.class),
        kind(
            "rbac.authorization.k8s.io/v1",
            "RoleBinding",
            "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n"
                + "subjects: [{kind: ServiceAccount, name: sa}]\n",
            Manifests::roleBindings,
            RoleBinding.class),
        kind(
            "rbac.authorization.k8s.io/v1",
            "ClusterRoleBinding",
            "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\n"
                + "subjects: [{kind: ServiceAccount, name: sa, namespace: shop}]\n",
            Manifests::clusterRoleBindings,
            ClusterRoleBinding.class));
  }

  static Arguments kind(
      String apiVersion,
      String kind,
      String body,
      Function<Manifests, List<? extends HasMetadata>> list,
      Class<?> type) {
    return Arguments.of(apiVersion, kind, body, list, type);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void readsEachKindIntoItsListWithItsNamespace(
      String apiVersion,
      String kind,
      String body,
      Function<Manifests, List<? extends HasMetadata>> list,
      Class<?> type) {
    fx.write(
        "with-ns.yaml",
        "apiVersion: %s\nkind: %s\nmetadata:\n  name: one\n  namespace: shop\n%s"
            .formatted(apiVersion, kind, body));
    fx.write(
        "without-ns.yaml",
        "apiVersion: %s\nkind: %s\nmetadata:\n  name: two\n%s".formatted(apiVersion, kind, body));

    Manifests m = fx.load("with-ns.yaml", "without-ns.yaml");

    assertThat(list.apply(m)).hasSize(2).allMatch(type::isInstance);
    assertThat(m.allObjects()).hasSize(2);
    assertThat(m.warnings()).isEmpty();
    HasMetadata one = list.apply(m).get(0);
    HasMetadata two = list.apply(m).get(1);
    assertThat(one.getMetadata().getName()).isEqualTo("one");
    if (kind.equals("Namespace") || kind.equals("ClusterRoleBinding")) {
      // Cluster-scoped: a namespace in the manifest is ignored, as the API server ignores it.
      assertThat(one.getMetadata().getNamespace()).isNull();
      assertThat(two.getMetadata().getNamespace()).isNull();
    } else {
      assertThat(one.getMetadata().getNamespace()).isEqualTo("shop");
      assertThat(two.getMetadata().getNamespace()).isEqualTo("default");
    }
  }

  @Test
  void putsObjectsWithoutNamespaceIntoTheLoadersDefault() {
    fx.write("p.yaml", pod("a", null) + "---\n" + pod("b", "other"));

    Manifests m = fx.load(new ManifestLoader("team-x"), "p.yaml");

    assertThat(m.pods())
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactly("team-x", "other");
    assertThat(m.namespaceNames()).containsExactly("other", "team-x");
  }

  @Test
  void labelsNamespacesWithTheirNameAsTheApiServerDoes() {
    fx.write(
        "ns.yaml",
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: a}\n");

    Namespace ns = fx.load("ns.yaml").namespaces().get(0);

    assertThat(ns.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("team", "a", "kubernetes.io/metadata.name", "shop"));
  }

  @Test
  void readsMultipleDocumentsCountingEmptyOnesInTheIndex() {
    fx.write(
        "multi.yaml",
        "# leading comment\n"
            + pod("a", "ns")
            + "---\n---\n# only a comment\n---\n"
            + pod("b", "ns")
            + "---\nnull\n---\n"
            + pod("c", "ns")
            + "...\n");

    Manifests m = fx.load("multi.yaml");

    assertThat(m.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("a", "b", "c");
    assertThat(m.pods())
        .extracting(p -> fx.relative(m.sourceOf(p).orElseThrow()))
        .containsExactly("multi.yaml#1", "multi.yaml#4", "multi.yaml#6");
  }

  @Test
  void readsListsAndTypedListsWhoseItemsOmitKindAndApiVersion() {
    fx.write(
        "list.yaml",
        """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: ServiceAccount, metadata: {name: sa, namespace: shop}}
        - apiVersion: v1
          kind: List
          items:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: nested, namespace: shop}}
        ---
        apiVersion: v1
        kind: PodList
        items:
        - metadata: {name: p1, namespace: shop}
          spec: {containers: [{name: main}]}
        - metadata: {name: p2}
          spec: {containers: [{name: main}]}
        ---
        apiVersion: v1
        kind: List
        items: []
        """);

    Manifests m = fx.load("list.yaml");

    assertThat(m.serviceAccounts())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("sa");
    assertThat(m.configMaps()).extracting(s -> s.getMetadata().getName()).containsExactly("nested");
    assertThat(m.pods())
        .extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .containsExactly("shop/p1", "default/p2");
    assertThat(m.pods().get(0).getKind()).isEqualTo("Pod");
    assertThat(fx.relative(m.sourceOf(m.pods().get(1)).orElseThrow()))
        .isEqualTo("list.yaml#2.items[1]");
    assertThat(fx.relative(m.sourceOf(m.configMaps().get(0)).orElseThrow()))
        .isEqualTo("list.yaml#1.items[1].items[0]");
  }

  @Test
  void readsJsonFilesWithOneOrSeveralValues() {
    fx.write(
        "one.json",
        """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
           "spec": {"ports": [{"port": 80}]}}]}
        """);
    fx.write(
        "stream.json",
        """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}
        """);

    Manifests m = fx.load("one.json", "stream.json");

    assertThat(m.services()).extracting(s -> s.getMetadata().getName()).containsExactly("web");
    assertThat(m.configMaps()).extracting(c -> c.getMetadata().getName()).containsExactly("a", "b");
    assertThat(fx.relative(m.sourceOf(m.configMaps().get(1)).orElseThrow()))
        .isEqualTo("stream.json#2");
  }

  @Test
  void walksDirectoriesRecursivelyInPathOrderSkippingHiddenAndOtherFiles() {
    fx.write("app/z.yaml", pod("z", "ns"));
    fx.write("app/b/c.yml", pod("c", "ns"));
    fx.write("app/b.yaml", pod("b", "ns"));
    fx.write(
        "app/a/y.json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"y\",\"namespace\":\"ns\"},\"spec\":{}}");
    fx.write("app/A.YAML", pod("upper", "ns"));
    fx.write("app/.hidden/h.yaml", pod("hidden-dir", "ns"));
    fx.write("app/.h.yaml", pod("hidden-file", "ns"));
    fx.write("app/notes.txt", "not: yaml: at all");
    fx.write("app/README.md", "# readme");

    Manifests m = fx.load("app");

    assertThat(m.pods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("upper", "y", "b", "c", "z");
  }

  @Test
  void followsSymbolicLinksToDirectoriesWithoutLooping() throws java.io.IOException {
    fx.write("real/sub/p.yaml", pod("p", "ns"));
    java.nio.file.Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
    java.nio.file.Files.createSymbolicLink(dir.resolve("real/sub/loop"), dir.resolve("real"));

    assertThat(fx.load("link").pods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("p");
  }

  @Test
  void readsAFileOnceWhenItIsNamedDirectlyAndThroughItsDirectory() {
    fx.write("app/p.yaml", pod("p", "ns"));

    Manifests m = fx.load("app/p.yaml", "app");

    assertThat(m.pods()).hasSize(1);
  }

  @Test
  void readsAnExplicitFileWhateverItsExtension() {
    fx.write("manifest.txt", pod("p", "ns"));

    assertThat(fx.load("manifest.txt").pods()).hasSize(1);
  }

  @Test
  void warnsAboutAnEmptyDirectory() {
    fx.write("empty/readme.md", "nothing");

    Manifests m = fx.load("empty");

    assertThat(m.allObjects()).isEmpty();
    assertThat(fx.warnings(m)).containsExactly("empty: no *.yaml, *.yml or *.json files");
  }

  @Test
  void skipsKindsNetsegDoesNotUseWithAWarning() {
    fx.write(
        "x.yaml",
        pod("p", "ns")
            + """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: s}
            ---
            apiVersion: example.com/v1
            kind: Foo
            metadata: {name: f}
            ---
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata: {name: knative}
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old}
            ---
            apiVersion: example.com/v1
            kind: FooList
            items:
            - metadata: {name: f1}
            """);

    Manifests m = fx.load("x.yaml");

    assertThat(m.allObjects()).hasSize(1);
    assertThat(fx.warnings(m))
        .containsExactly(
            "x.yaml#2: skipping kind Secret (not used by netseg)",
            "x.yaml#3: skipping kind Foo (not used by netseg)",
            "x.yaml#4: skipping kind Service of apiVersion serving.knative.dev/v1 (netseg reads v1)",
            "x.yaml#5: skipping kind Ingress of apiVersion extensions/v1beta1 (netseg reads"
                + " networking.k8s.io/v1)",
            "x.yaml#6.items[0]: skipping kind Foo (not used by netseg)");
  }

  @Test
  void warnsAboutFieldsItDoesNotKnowInsteadOfIgnoringThemSilently() {
    fx.write(
        "np.yaml",
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: p
          namespace: shop
        spec:
          podSelector:
            matchLabel:
              app: web
          policyTypes: [Ingress]
          ingress:
          - form:
            - podSelector: {}
        """);

    Manifests m = fx.load("np.yaml");

    assertThat(fx.warnings(m))
        .containsExactly(
            "np.yaml#1 (NetworkPolicy shop/p): ignoring unknown field spec.podSelector.matchLabel"
                + " (line 8)",
            "np.yaml#1 (NetworkPolicy shop/p): ignoring unknown field spec.ingress[0].form (line 12)");
  }

  @Test
  void doesNotWarnAboutFieldsOfRealClusterObjects() {
    fx.write(
        "live.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-7d4b9c-x2x
          namespace: shop
          uid: 0b6c
          resourceVersion: "123"
          creationTimestamp: 2024-05-01T10:00:00Z
          labels: {app: web, pod-template-hash: 7d4b9c}
          annotations: {"kubectl.kubernetes.io/restartedAt": "2024-05-01T10:00:00Z"}
          ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9c, uid: 1a, controller: true, blockOwnerDeletion: true}
          managedFields:
          - manager: kube-controller-manager
            operation: Update
            fieldsType: FieldsV1
            fieldsV1: {"f:metadata": {"f:labels": {}}}
        spec:
          containers:
          - name: main
            image: nginx
            ports: [{containerPort: 8080, name: http, protocol: TCP}]
            resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 1}}
            livenessProbe: {httpGet: {port: http, path: /}}
            env: [{name: A, value: "1"}, {name: B, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
        status:
          phase: Running
          podIP: 10.1.2.3
          podIPs: [{ip: 10.1.2.3}]
          hostIP: 192.168.1.10
          conditions: [{type: Ready, status: "True", lastTransitionTime: "2024-05-01T10:00:05Z"}]
        """);

    Manifests m = fx.load("live.yaml");

    assertThat(m.warnings()).isEmpty();
    Pod pod = m.pods().get(0);
    assertThat(pod.getStatus().getPodIP()).isEqualTo("10.1.2.3");
    assertThat(pod.getSpec().getContainers().get(0).getPorts().get(0).getName()).isEqualTo("http");
  }

  @Test
  void resolvesYamlAliasesAndMergeKeys() {
    fx.write(
        "anchors.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: a
          namespace: shop
          labels: &labels {app: web, tier: front}
          annotations:
            <<: *labels
            tier: overridden
        spec:
          containers:
          - &main {name: main, image: nginx}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b, namespace: shop, labels: {app: web}}
        spec:
          containers:
          - <<: [{name: ignored, image: busybox}, {image: ignored-too, workingDir: /w}]
            name: side
        """);

    Manifests m = fx.load("anchors.yaml");

    Pod a = m.pods().get(0);
    assertThat(a.getMetadata().getAnnotations())
        .isEqualTo(Map.of("tier", "overridden", "app", "web"));
    assertThat(a.getMetadata().getLabels()).containsEntry("app", "web");
    Pod b = m.pods().get(1);
    assertThat(b.getSpec().getContainers().get(0).getName()).isEqualTo("side");
    assertThat(b.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox");
    assertThat(b.getSpec().getContainers().get(0).getWorkingDir()).isEqualTo("/w");
  }

  @Test
  void refusesAnAliasBomb() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      yaml.append("a%d: &a%d [".formatted(i, i));
      yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1))));
      yaml.append("]\n");
    }
    fx.write("bomb.yaml", yaml.toString());

    assertThat(fx.error("bomb.yaml"))
        .startsWith("bomb.yaml#1: document too large at line ")
        .endsWith("(more than 2000000 values after expanding YAML aliases)");
  }

  @Test
  void toleratesAByteOrderMark() {
    fx.write("bom.yaml", "\uFEFF" + pod("p", "ns"));

    assertThat(fx.load("bom.yaml").pods()).hasSize(1);
  }

  @Test
  void loadsTextWithoutAFile() {
    Manifests m =
        new ManifestLoader().loadText("inline.yaml", pod("p", null) + "---\n" + pod("q", "x"));

    assertThat(m.pods())
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactly("default", "x");
    assertThat(m.sourceOf(m.pods().get(1))).contains("inline.yaml#2");
  }

  @Test
  void failsWithoutAPartialResultWhenALaterFileIsBroken() {
    fx.write("a.yaml", pod("fine", "ns"));
    fx.write("b.yaml", "kind: [");

    assertThatThrownBy(() -> fx.load("a.yaml", "b.yaml")).isInstanceOf(ManifestException.class);
  }
}
