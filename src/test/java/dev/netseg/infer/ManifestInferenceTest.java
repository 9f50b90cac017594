package dev.netseg.infer;

import static dev.netseg.testing.TestApps.service;
import static dev.netseg.testing.TestApps.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestInferenceTest {

  private static ConfigMap configMap(String ns, String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withData(data)
        .build();
  }

  @Test
  void envVarNamingAServiceIsAFlowToTheTargetPortNotTheServicePort() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "frontend").env("CART_ADDR", "cartservice:7070").build())
            .add(workload("shop", "cartservice").port("grpc", 9555).build())
            .add(service("shop", "cartservice", "7070:9555"));
    assertThat(f.flows())
        .containsExactly(
            "shop/frontend[Deployment] -> shop/cartservice[Deployment] TCP/9555 [manifest]");
    assertThat(f.infer().flows().get(0).provenance().get(0).evidence())
        .isEqualTo("Deployment shop/frontend env CART_ADDR: cartservice:7070");
  }

  @Test
  void namedTargetPortIsResolvedOnEachBackingWorkloadsContainers() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "client").env("API_URL", "http://api:80/v1").build())
            .add(
                workload("shop", "api-v1")
                    .labels(Map.of("app", "api", "version", "v1"))
                    .port("web", 8080)
                    .build())
            .add(
                workload("shop", "api-v2")
                    .labels(Map.of("app", "api", "version", "v2"))
                    .port("web", 9090)
                    .build())
            .add(service("shop", "api", "http=80:web"));
    assertThat(f.flows())
        .containsExactly(
            "shop/client[Deployment] -> shop/api-v1[Deployment] TCP/8080 [manifest]",
            "shop/client[Deployment] -> shop/api-v2[Deployment] TCP/9090 [manifest]");
  }

  @Test
  void namedTargetPortMissingOnAWorkloadIsReported() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "client").env("API_ADDR", "api:80").build())
            .add(workload("shop", "api").port("other", 8080).build())
            .add(service("shop", "api", "80:web"));
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings())
        .containsExactly(
            "Deployment shop/client env API_ADDR: \"api:80\": Service shop/api port 80 targetPort"
                + " \"web\" names no TCP container port of Deployment shop/api");
  }

  @Test
  void referenceWithoutPortMeansEveryServicePortAndSchemeNarrowsToItsDefault() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "a").env("WEB_HOST", "web").build())
            .add(workload("shop", "b").env("WEB_URL", "http://web/index.html").build())
            .add(workload("shop", "web").build())
            .add(service("shop", "web", "80:8080", "9090"));
    assertThat(f.flows())
        .containsExactly(
            "shop/a[Deployment] -> shop/web[Deployment] TCP/8080 [manifest]",
            "shop/a[Deployment] -> shop/web[Deployment] TCP/9090 [manifest]",
            "shop/b[Deployment] -> shop/web[Deployment] TCP/8080 [manifest]");
  }

  @Test
  void crossNamespaceNamesAndJdbcUrlsResolveInTheirNamespace() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("shop", "orders")
                    .env("DB", "jdbc:postgresql://postgres.data.svc.cluster.local:5432/orders")
                    .env("CACHE", "redis://redis.data:6379/0")
                    .build())
            .add(workload("data", "postgres").kind("StatefulSet").build())
            .add(workload("data", "redis").build())
            .add(service("data", "postgres", "5432"), service("data", "redis", "6379"));
    assertThat(f.flows())
        .containsExactly(
            "shop/orders[Deployment] -> data/postgres[StatefulSet] TCP/5432 [manifest]",
            "shop/orders[Deployment] -> data/redis[Deployment] TCP/6379 [manifest]");
  }

  @Test
  void argsAndCommaSeparatedListsAreRead() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("shop", "gw")
                    .args("--backends", "cart:7070,email:8080", "--log-level=info")
                    .build())
            .add(workload("shop", "cart").build(), workload("shop", "email").build())
            .add(service("shop", "cart", "7070"), service("shop", "email", "8080"));
    assertThat(f.flows())
        .containsExactly(
            "shop/gw[Deployment] -> shop/cart[Deployment] TCP/7070 [manifest]",
            "shop/gw[Deployment] -> shop/email[Deployment] TCP/8080 [manifest]");
    assertThat(f.infer().flows().get(0).provenance().get(0).evidence())
        .isEqualTo("Deployment shop/gw args[1]: cart:7070");
  }

  @Test
  void configMapValuesAreReadThroughValueFromEnvFromAndVolumes() {
    EnvVar fromKey =
        new EnvVarBuilder()
            .withName("CATALOG")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("catalog.addr", "settings", false)
            .endValueFrom()
            .build();
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "by-key").env(fromKey).build())
            .add(
                workload("shop", "by-envfrom")
                    .container(
                        new ContainerBuilder()
                            .withName("side")
                            .withEnvFrom(
                                new EnvFromSourceBuilder()
                                    .withNewConfigMapRef("env-settings", false)
                                    .build())
                            .build())
                    .build())
            .add(
                workload("shop", "by-volume")
                    .volume(
                        new VolumeBuilder()
                            .withName("conf")
                            .withNewConfigMap()
                            .withName("files")
                            .endConfigMap()
                            .build())
                    .build())
            .add(workload("shop", "catalog").build(), workload("shop", "email").build())
            .add(workload("shop", "recs").build())
            .add(service("shop", "catalog", "3550"), service("shop", "email", "5000"))
            .add(service("shop", "recs", "8080"))
            .add(configMap("shop", "settings", Map.of("catalog.addr", "catalog:3550")))
            .add(configMap("shop", "env-settings", Map.of("EMAIL_HOST", "email")))
            .add(
                configMap(
                    "shop",
                    "files",
                    Map.of(
                        "app.properties", "title=Shop\nrecommendations.url=http://recs:8080\n")));
    assertThat(f.flows())
        .containsExactly(
            "shop/by-envfrom[Deployment] -> shop/email[Deployment] TCP/5000 [manifest]",
            "shop/by-key[Deployment] -> shop/catalog[Deployment] TCP/3550 [manifest]",
            "shop/by-volume[Deployment] -> shop/recs[Deployment] TCP/8080 [manifest]");
    assertThat(f.infer().flows())
        .flatExtracting(r -> r.provenance())
        .extracting(p -> p.evidence())
        .containsExactly(
            "Deployment shop/by-envfrom container side envFrom ConfigMap shop/env-settings key"
                + " EMAIL_HOST: email",
            "Deployment shop/by-key env CATALOG from ConfigMap shop/settings key catalog.addr:"
                + " catalog:3550",
            "Deployment shop/by-volume volume conf ConfigMap shop/files key app.properties:"
                + " http://recs:8080");
  }

  @Test
  void missingConfigMapIsReportedUnlessOptional() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("shop", "a")
                    .volume(
                        new VolumeBuilder()
                            .withName("c")
                            .withNewConfigMap()
                            .withName("absent")
                            .endConfigMap()
                            .build())
                    .volume(
                        new VolumeBuilder()
                            .withName("o")
                            .withNewConfigMap()
                            .withName("optional")
                            .withOptional(true)
                            .endConfigMap()
                            .build())
                    .build());
    assertThat(f.findings())
        .containsExactly(
            "Deployment shop/a volume c: ConfigMap shop/absent is not in the input: not read");
  }

  @Test
  void addressThatResolvesToNothingIsReportedWithObjectAndFieldNotGuessed() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("shop", "frontend")
                    .env("CART_ADDR", "cartservic:7070")
                    .env("PAYMENTS_URL", "https://api.payments.example.com/v1")
                    .env("LEGACY", "10.20.30.40:1521")
                    .build())
            .add(workload("shop", "cartservice").build())
            .add(service("shop", "cartservice", "7070"));
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings())
        .containsExactly(
            "Deployment shop/frontend env CART_ADDR: \"cartservic:7070\" names no Service of the"
                + " input (looked for Service shop/cartservic)",
            "Deployment shop/frontend env LEGACY: \"10.20.30.40:1521\" is an IP address, not a"
                + " Service; if the connection is needed, declare it (netseg.dev/egress:"
                + " 10.20.30.40:1521)",
            "Deployment shop/frontend env PAYMENTS_URL: \"https://api.payments.example.com\""
                + " names no Service of the input (an outside host: allow its addresses with a"
                + " CIDR entry)");
  }

  @Test
  void serviceWithoutSelectorOrBackendsIsReportedNotGuessed() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("shop", "a")
                    .env("LEGACY_DB_HOST", "legacy-db")
                    .env("GHOST_ADDR", "ghost:80")
                    .build())
            .add(service("shop", "legacy-db", (Map<String, String>) null, "5432"))
            .add(service("shop", "ghost", "80"));
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings())
        .containsExactly(
            "Deployment shop/a env GHOST_ADDR: \"ghost:80\": Service shop/ghost selects no"
                + " workload of the input (selector {app=ghost})",
            "Deployment shop/a env LEGACY_DB_HOST: \"legacy-db\": Service shop/legacy-db has no"
                + " selector: its endpoints are not workloads netseg can select");
  }

  @Test
  void ordinaryValuesProduceNoFlowsAndNoFindings() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("shop", "a")
                    .env("LOG_LEVEL", "info")
                    .env("PORT", "8080")
                    .env("DEBUG", "true")
                    .env("CONFIG", "/etc/shop/config.yaml")
                    .env("CACHE_TYPE", "redis")
                    .env("SERVICE_NAME", "a")
                    .env("JAVA_OPTS", "-Xmx512m -Dfile.encoding=UTF-8")
                    .env("TZ", "Europe/Berlin")
                    .args("--port", "8080", "--verbose")
                    .build())
            .add(workload("shop", "redis").build())
            .add(service("shop", "redis", "6379"), service("shop", "a", "8080"));
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings()).isEmpty();
  }

  @Test
  void selfReferenceIsNoFlowEvenWithAPortAndTheReportSaysSo() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("data", "pg")
                    .kind("StatefulSet")
                    .env("SELF_HOST", "pg")
                    .env("PRIMARY_ADDR", "pg-0.pg.data.svc:5432")
                    .build())
            .add(service("data", "pg", "5432"));
    // Issue 18: a workload's own address in its configuration is usually who it is, not a call;
    // replicas that do call each other are declared or observed.
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings())
        .containsExactly(
            "StatefulSet data/pg env PRIMARY_ADDR: \"pg-0.pg.data.svc:5432\" names its own Service"
                + " data/pg: no rule from the workload to itself (declare it, or let it be"
                + " observed, if it does call itself)",
            "StatefulSet data/pg env SELF_HOST: \"pg\" names its own Service data/pg: no rule"
                + " from the workload to itself (declare it, or let it be observed, if it does"
                + " call itself)");
  }

  @Test
  void headlessPortThatIsNoServicePortReachesADeclaredContainerPort() {
    io.fabric8.kubernetes.api.model.Service headless = service("data", "kafka", "9092");
    headless.getSpec().setClusterIP("None");
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "c").env("KAFKA_BROKERS", "kafka-0.kafka.data.svc:9093").build())
            .add(
                workload("data", "kafka")
                    .kind("StatefulSet")
                    .port("client", 9092)
                    .port("internal", 9093)
                    .build())
            .add(headless);
    assertThat(f.flows())
        .containsExactly("shop/c[Deployment] -> data/kafka[StatefulSet] TCP/9093 [manifest]");
  }

  @Test
  void observedFlowMergesWithInferredOneKeepingBothProvenances() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("shop", "frontend").env("CART_ADDR", "cart:7070").build())
            .add(workload("shop", "cart").build())
            .add(service("shop", "cart", "7070"));
    f.observed.add(
        new dev.netseg.model.RequiredFlow(
            new dev.netseg.model.Peer.WorkloadPeer(
                new dev.netseg.workload.WorkloadRef("shop", "frontend", "Deployment")),
            new dev.netseg.model.Peer.WorkloadPeer(
                new dev.netseg.workload.WorkloadRef("shop", "cart", "Deployment")),
            dev.netseg.policy.Protocol.TCP,
            7070,
            java.util.List.of(
                new dev.netseg.model.Provenance(
                    dev.netseg.model.Provenance.Source.OBSERVED, "flows.jsonl line 1"))));
    assertThat(f.flows())
        .containsExactly(
            "shop/frontend[Deployment] -> shop/cart[Deployment] TCP/7070 [manifest,observed]");
  }
}
