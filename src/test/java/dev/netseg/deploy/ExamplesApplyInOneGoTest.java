package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.netseg.testing.KubectlOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl apply -f examples/<app>/} works the first time, on a cluster that has only its
 * default namespaces. kubectl applies the folder's files in lexical order of their names ({@link
 * KubectlOrder}) and each file's documents in order, so every namespace an object names must be
 * created by an earlier document: otherwise the first apply fails with {@code namespaces "data" not
 * found}.
 */
class ExamplesApplyInOneGoTest {
  /** Namespaces every cluster has before anything is applied. */
  private static final Set<String> BUILT_IN =
      Set.of("default", "kube-system", "kube-public", "kube-node-lease");

  private static final YAMLMapper YAML = new YAMLMapper();

  @ParameterizedTest
  @ValueSource(strings = {"examples/shop", "examples/netpol-basics"})
  void everyNamespaceIsCreatedBeforeTheFirstObjectInIt(String dir) throws IOException {
    Set<String> created = new HashSet<>(BUILT_IN);
    List<String> missing = new ArrayList<>();
    List<Path> files = KubectlOrder.files(Path.of(dir));
    assertThat(files).as("manifests in %s", dir).isNotEmpty();
    for (Path file : files) {
      for (JsonNode object : documents(file)) {
        String namespace = object.path("metadata").path("namespace").asText("");
        if (!namespace.isEmpty() && !created.contains(namespace)) {
          missing.add(
              "%s: %s %s in namespace %s, which no earlier file or document creates"
                  .formatted(
                      file.getFileName(),
                      object.path("kind").asText(),
                      object.path("metadata").path("name").asText(),
                      namespace));
        }
        if ("Namespace".equals(object.path("kind").asText())
            && "v1".equals(object.path("apiVersion").asText())) {
          created.add(object.path("metadata").path("name").asText());
        }
      }
    }
    assertThat(missing).as("kubectl apply -f %s/ in file order", dir).isEmpty();
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }
}
