package dev.netseg.it;

import dev.netseg.testing.KubectlOrder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the example application ({@code examples/shop}: namespaces shop, data and payments) on an
 * API server as a user would, then does what the controllers and kubelets of a real cluster would:
 * kube-apiserver runs none, so each Deployment and StatefulSet gets its pods created directly
 * (owned as their controllers would own them) and each pod gets an IP through the status
 * subresource.
 */
final class ShopOnApiServer {
  static final Path DIR = Path.of("examples", "shop");
  static final List<String> NAMESPACES = List.of("shop", "data", "payments");

  private final KubernetesClient admin;
  private final StandInControllers controllers;

  ShopOnApiServer(KubernetesClient admin) {
    this.admin = admin;
    this.controllers = new StandInControllers(admin, "10.244.0.");
  }

  /**
   * Applies every manifest of the example in the order {@code kubectl apply -f examples/shop/} does
   * ({@code 00-namespaces.yaml} first) and creates its running pods.
   */
  List<Pod> install() {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path file : KubectlOrder.files(DIR)) {
      objects.addAll(load(file));
    }
    List<Pod> pods = new ArrayList<>();
    for (HasMetadata o : objects) {
      o.getMetadata().setManagedFields(null);
      HasMetadata stored =
          admin.resource(o).fieldManager("kubectl").forceConflicts().serverSideApply();
      pods.addAll(controllers.podsOf(stored));
    }
    return pods;
  }

  private List<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
