package dev.netseg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.infer.InferenceInput;
import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code examples/shop} application as generator input. Observed flows are read from its {@code
 * flows.jsonl} with a minimal mapping of pod names to workloads ({@code
 * <deployment>-<rs-hash>-<pod-hash>}, {@code <statefulset>-<ordinal>}); the real flow readers live
 * in {@code dev.netseg.flows}.
 */
public final class ShopExample {
  public static final Path DIR = Path.of("examples/shop");

  private ShopExample() {}

  public static Manifests manifests() {
    try (var files = Files.list(DIR)) {
      return new ManifestLoader()
          .load(files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Workload> workloads(Manifests manifests) {
    return new WorkloadExtractor().fromManifests(manifests);
  }

  public static InferenceInput input() {
    Manifests m = manifests();
    List<Workload> workloads = workloads(m);
    return InferenceInput.of(workloads, m.allObjects(), observed(workloads), List.of());
  }

  public static List<RequiredFlow> observed(List<Workload> workloads) {
    List<RequiredFlow> flows = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(DIR.resolve("flows.jsonl"));
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < lines.size(); i++) {
        JsonNode n = json.readTree(lines.get(i));
        flows.add(
            new RequiredFlow(
                owner(workloads, n.get("src")),
                owner(workloads, n.get("dst")),
                Protocol.valueOf(n.get("protocol").asText()),
                n.get("port").asInt(),
                List.of(
                    new Provenance(
                        Provenance.Source.OBSERVED,
                        "flows.jsonl line " + (i + 1) + " " + n.get("time").asText()))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return flows;
  }

  private static Peer owner(List<Workload> workloads, JsonNode endpoint) {
    String ns = endpoint.get("namespace").asText();
    String pod = endpoint.get("pod").asText();
    for (Workload w : workloads) {
      String name = w.ref().name();
      boolean owns =
          switch (w.ref().kind()) {
            case "Deployment" ->
                pod.matches(java.util.regex.Pattern.quote(name) + "-[a-z0-9]+-[a-z0-9]+");
            case "StatefulSet" -> pod.matches(java.util.regex.Pattern.quote(name) + "-[0-9]+");
            default -> false;
          };
      if (w.ref().namespace().equals(ns) && owns) {
        return new Peer.WorkloadPeer(w.ref());
      }
    }
    throw new IllegalStateException("no workload owns pod " + ns + "/" + pod);
  }
}
