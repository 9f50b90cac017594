package dev.netseg.bench;

import dev.netseg.infer.InferenceInput;
import dev.netseg.manifest.Manifests;
import dev.netseg.map.MapBuilder;
import dev.netseg.map.MapDocument;
import dev.netseg.map.MapInput;
import dev.netseg.map.MapJson;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.workload.WorkloadExtractor;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * How long {@code netseg map} takes to draw the data of a large application, and the size of what
 * it writes: the map's build (connectivity of every ordered pair of workloads, each port's
 * explanation) and its JSON, on the policies netseg generates. The application is synthetic and
 * deterministic (seed 1): namespaces of workloads, each with a Service on 8080 and three env
 * references to Services (seven in ten in its own namespace). Heap is the JVM's after a full
 * collection, with the document held.
 *
 * <p>Usage: {@code MapBuildHarness [namespaces] [workloads per namespace] [rounds]} (defaults 100,
 * 20, 5). See docs/performance.md for the command.
 */
public final class MapBuildHarness {
  private MapBuildHarness() {}

  public static void main(String[] args) {
    int namespaces = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int perNamespace = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Manifests app = application(namespaces, perNamespace);
    var workloads = new WorkloadExtractor().fromManifests(app);
    GenerationResult generated =
        new Generator(GeneratorOptions.defaults())
            .generate(InferenceInput.of(workloads, app.allObjects(), List.of(), List.of()));
    Manifests.Builder judged = Manifests.builder();
    app.allObjects().forEach(judged::add);
    generated.networkPolicies().forEach(judged::add);
    MapInput input =
        new MapInput(
            "bench",
            judged.build(),
            generated.flows(),
            List.of(),
            List.of(),
            Map.of(),
            Optional.empty(),
            Map.of());
    System.out.printf(
        "%d workloads, %d required flows, %d policies; %d rounds%n",
        workloads.size(), generated.flows().size(), generated.networkPolicies().size(), rounds);
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      MapDocument doc = new MapBuilder().build(input);
      long built = System.nanoTime();
      String json = MapJson.write(doc, false);
      long written = System.nanoTime();
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long heap = rt.totalMemory() - rt.freeMemory();
      System.out.printf(
          "round %d: build %d ms, JSON %d ms, %d nodes, %d edges, JSON %.1f MB, heap %d MiB%n",
          round,
          (built - start) / 1_000_000,
          (written - built) / 1_000_000,
          doc.nodes().size(),
          doc.edges().size(),
          json.length() / 1e6,
          heap >> 20);
    }
  }

  private static Manifests application(int namespaces, int perNamespace) {
    Random random = new Random(1);
    List<HasMetadata> objects = new ArrayList<>();
    for (int n = 0; n < namespaces; n++) {
      String ns = "ns" + n;
      objects.add(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
      for (int w = 0; w < perNamespace; w++) {
        String name = "app" + w;
        List<EnvVar> env = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
          int target = random.nextInt(10) < 7 ? n : random.nextInt(namespaces);
          env.add(
              new EnvVar(
                  "DEP" + k + "_ADDR",
                  "app" + random.nextInt(perNamespace) + ".ns" + target + ":8080",
                  null));
        }
        objects.add(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("app")
                .withEnv(env)
                .addNewPort()
                .withContainerPort(8080)
                .endPort()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
        objects.add(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort()
                .withPort(8080)
                .endPort()
                .endSpec()
                .build());
      }
    }
    return Manifests.of(objects);
  }
}
