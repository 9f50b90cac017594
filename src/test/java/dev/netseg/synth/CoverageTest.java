package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.InferenceInput;
import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadExtractor;
import dev.netseg.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The coverage in the report: how many Services have a known client, how many flows only the
 * manifests show, how many were also seen on the wire, how many only on the wire.
 */
class CoverageTest {
  private static String deployment(String name, String env) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: shop}
        spec:
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec: {containers: [{name: main, ports: [{containerPort: 80}], env: %s}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: shop}
        spec: {selector: {app: %s}, ports: [{port: 80}]}
        """
        .formatted(name, name, name, env, name, name);
  }

  @ParameterizedTest(name = "a->b in manifests {0}, observed {1}; a->c observed {2}")
  @CsvSource({
    // manifest a->b, observed a->b, observed a->c | with client, manifest only, both, observed only
    "false, false, false, 0, 0, 0, 0",
    "true,  false, false, 1, 1, 0, 0",
    "true,  true,  false, 1, 0, 1, 0",
    "false, true,  false, 1, 0, 0, 1",
    "true,  true,  true,  2, 0, 1, 1",
  })
  void coverageCountsClientsAndAgreementBetweenEvidence(
      boolean manifest,
      boolean observedB,
      boolean observedC,
      int withClient,
      int manifestOnly,
      int both,
      int observedOnly) {
    String env = manifest ? "[{name: B_ADDR, value: 'b:80'}]" : "[]";
    Manifests m =
        new ManifestLoader()
            .loadText(
                "app.yaml",
                deployment("a", env)
                    + "---\n"
                    + deployment("b", "[]")
                    + "---\n"
                    + deployment("c", "[]"));
    List<Workload> workloads = new WorkloadExtractor().fromManifests(m);
    List<RequiredFlow> observed = new ArrayList<>();
    if (observedB) {
      observed.add(observedFlow("b"));
    }
    if (observedC) {
      observed.add(observedFlow("c"));
    }
    GenerationReport.Coverage c =
        new Generator(GeneratorOptions.builder().dns(false).build())
            .generate(InferenceInput.of(workloads, m.allObjects(), observed, List.of()))
            .report()
            .coverage();
    assertThat(c.services()).isEqualTo(3);
    assertThat(c.servicesWithClient()).isEqualTo(withClient);
    assertThat(c.manifestOnly()).isEqualTo(manifestOnly);
    assertThat(c.manifestAndObserved()).isEqualTo(both);
    assertThat(c.observedOnly()).isEqualTo(observedOnly);
    assertThat(c.servicesWithoutClient()).contains("shop/a");
  }

  private static RequiredFlow observedFlow(String to) {
    return new RequiredFlow(
        new Peer.WorkloadPeer(new WorkloadRef("shop", "a", "Deployment")),
        new Peer.WorkloadPeer(new WorkloadRef("shop", to, "Deployment")),
        Protocol.TCP,
        80,
        List.of(new Provenance(Provenance.Source.OBSERVED, "flows.jsonl")));
  }
}
