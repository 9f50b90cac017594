package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixture full of credentials (URL userinfo, connection strings, query parameters, password
 * variables, a Secret, a ConfigMap with a properties file): no output of any command quotes one.
 * Every credential contains "s3cr3t"; the test reads every byte netseg printed or wrote.
 */
class NoCredentialsInOutputTest {
  @TempDir Path dir;

  private static final String APP =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: db, namespace: shop}
      stringData: {password: s3cr3t-secret-object, url: "postgresql://app:s3cr3t-in-secret@db:5432"}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: props, namespace: shop}
      data:
        application.properties: |
          db.url=jdbc:postgresql://app:s3cr3t-jdbc@db:5432/app?password=s3cr3t-query2
          db.password=s3cr3t-properties
          api.url=http://nosuch:8080/x?token=s3cr3t-token
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app, namespace: shop}
      spec:
        selector: {matchLabels: {app: app}}
        template:
          metadata: {labels: {app: app}}
          spec:
            volumes: [{name: props, configMap: {name: props}}]
            containers:
            - name: main
              args: ["--db-password", "s3cr3t-arg:5432", "--upstream-url=http://u:s3cr3t-arg2@nosuch2:80"]
              env:
              - {name: DATABASE_URL, value: "postgresql://app:s3cr3t-url@db:5432/app"}
              - {name: DB_PASS, value: "s3cr3t-expanded"}
              - {name: EXPANDED_URL, value: "postgresql://app:$(DB_PASS)@db:5432/app"}
              - {name: ConnectionStrings__Db, value: "Host=db;Port=5432;Username=app;Password=s3cr3t-ado"}
              - {name: SQL, value: "Server=nosuch3,1433;User Id=sa;Password=s3cr3t-ado2;"}
              - {name: API_URL, value: "http://nosuch4:8080/v1?password=s3cr3t-query"}
              - {name: OUTSIDE_URL, value: "https://u:s3cr3t-outside@api.example.com/v1"}
              - {name: IP_URL, value: "http://u:s3cr3t-ip@10.0.0.5:8080"}
              - {name: BROAD_URL, value: "redis://u:s3cr3t-broad@db"}
              - {name: REDIS_PASSWORD, value: "s3cr3t-looks-like:6379"}
              - name: NODE
                valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
              - {name: RUNTIME_URL, value: "http://u:s3cr3t-runtime@$(NODE):4317"}
              - name: FROM_SECRET
                valueFrom: {secretKeyRef: {name: db, key: url}}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: shop}
      spec:
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers:
            - name: main
              ports: [{containerPort: 5432}, {containerPort: 9187}]
              env: [{name: SELF_URL, value: "postgresql://postgres:s3cr3t-self@db:5432"}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: shop}
      spec:
        selector: {app: db}
        ports: [{name: pg, port: 5432}, {name: metrics, port: 9187}]
      """;

  @Test
  void noCommandPrintsOrWritesACredential() throws Exception {
    Path app = dir.resolve("app.yaml");
    Files.writeString(app, APP);
    Path policies = dir.resolve("policies");
    List<CliRun> runs = new ArrayList<>();
    runs.add(CliRun.of("generate", app.toString()));
    runs.add(CliRun.of("generate", app.toString(), "-o", "json"));
    runs.add(CliRun.of("generate", app.toString(), "-o", "yaml"));
    runs.add(CliRun.of("generate", app.toString(), "-o", policies.toString()));
    runs.add(CliRun.of("generate", app.toString(), "-o", policies.toString(), "--format", "json"));
    runs.add(CliRun.withInput(APP, "generate", "-"));
    runs.add(CliRun.of("verify", app.toString(), "--policies", policies.toString()));
    runs.add(CliRun.of("verify", app.toString(), "--policies", policies.toString(), "-o", "json"));
    runs.add(
        CliRun.of("verify", app.toString(), "--policies", dir.resolve("none.yaml").toString()));
    runs.add(CliRun.of("diff", policies.toString(), policies.toString(), app.toString()));
    runs.add(CliRun.of("connectivity", app.toString(), "--explain"));
    runs.add(CliRun.of("segments", app.toString()));

    StringBuilder everything = new StringBuilder();
    for (CliRun run : runs) {
      everything.append(run.out()).append(run.err());
    }
    try (Stream<Path> files = Files.list(policies)) {
      for (Path f : files.toList()) {
        everything.append(Files.readString(f));
      }
    }
    assertThat(runs.get(0).exitCode()).as(runs.get(0).err()).isZero();
    // the credentials' places are still reported, masked
    assertThat(everything).contains("postgresql://***@db:5432").contains("\"http://***@10.0.0.5");
    assertThat(everything.toString()).doesNotContain("s3cr3t");
  }
}
