package dev.netseg.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Helm chart in {@code charts/netseg-operator}, rendered and linted with helm-java (Helm built
 * as a native library, nothing downloaded), and parsed into fabric8 objects.
 */
public final class HelmChart {
  public static final Path DIR = Path.of("charts", "netseg-operator");
  public static final String RELEASE = "netseg-operator";
  public static final String NAMESPACE = "netseg-system";

  /**
   * helm-java's template defaults to Kubernetes 1.20, older than the chart's kubeVersion; render
   * for a current cluster, as `helm template` does.
   */
  static final String KUBE_VERSION = "1.31.0";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();

  private HelmChart() {}

  /** Strict lint of the chart with its default values. */
  public static LintResult lint() {
    return new Helm(DIR).lint().strict().call();
  }

  /**
   * The templates rendered as `helm template` would (without CRDs), with the default values
   * overridden by {@code valuesYaml}.
   *
   * @throws IllegalStateException with Helm's message when the values are rejected
   */
  public static String template(String valuesYaml) {
    Path values = null;
    try {
      values = Files.createTempFile("netseg-values", ".yaml");
      Files.writeString(values, valuesYaml);
      return new Helm(DIR)
          .template()
          .withName(RELEASE)
          .withNamespace(NAMESPACE)
          .withKubeVersion(KUBE_VERSION)
          .withValuesFile(values)
          .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (values != null) {
        try {
          Files.deleteIfExists(values);
        } catch (IOException e) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  /** The rendered templates as Kubernetes objects. */
  public static Rendered render(String valuesYaml) {
    return new Rendered(parse(template(valuesYaml)));
  }

  /** The CRD files of the chart, in the order Helm installs them (file name order). */
  public static List<Path> crdFiles() {
    try (Stream<Path> files = Files.list(DIR.resolve("crds"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every non-empty document of a multi-document YAML stream, as a tree. */
  public static List<JsonNode> documents(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** Every document of a YAML stream as a fabric8 object (unknown kinds are generic). */
  public static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (JsonNode doc : documents(yaml)) {
      try {
        objects.add(KUBE.unmarshal(YAML.writeValueAsString(doc), HasMetadata.class));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return objects;
  }

  /** Rendered objects with lookups by kind and name. */
  public record Rendered(List<HasMetadata> objects) {
    public Rendered {
      objects = List.copyOf(objects);
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one " + type.getSimpleName() + " but the chart rendered " + found.size());
      }
      return found.get(0);
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
      return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    public List<HasMetadata> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }
  }
}
