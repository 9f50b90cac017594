package dev.netseg.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Objects without a namespace go to the default one, like kubectl; when most objects have none and
 * no namespace was given, the loader says so once and points at {@code -n}.
 */
class MissingNamespaceHintTest {
  private static String config(String name, String namespace) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + (namespace == null ? "" : "\n  namespace: " + namespace)
        + "\n";
  }

  private static final String HINT =
      "3 of 4 objects name no namespace: they are read as namespace \"default\"; give the"
          + " namespace they are applied to with -n NAMESPACE";

  static Stream<Arguments> cases() {
    String most = String.join("---\n", config("a", null), config("b", null), config("c", null));
    return Stream.of(
        Arguments.of("most without, none given", most + "---\n" + config("d", "x"), false, HINT),
        Arguments.of("most without, -n given", most + "---\n" + config("d", "x"), true, null),
        Arguments.of(
            "half without",
            String.join(
                "---\n", config("a", null), config("b", null), config("c", "x"), config("d", "x")),
            false,
            null),
        Arguments.of(
            "Namespaces do not count",
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n"
                + config("a", "x")
                + "---\n"
                + config("b", null),
            false,
            null),
        Arguments.of("all with a namespace", config("a", "x"), false, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mostObjectsWithoutANamespaceAreReportedOnce(
      String what, String yaml, boolean namespaceGiven, String hint) {
    ManifestLoader loader =
        namespaceGiven
            ? new ManifestLoader("default")
            : new ManifestLoader("default").hintMissingNamespace();
    List<String> warnings = loader.loadText("app.yaml", yaml).warnings();
    if (hint == null) {
      assertThat(warnings).as(what).isEmpty();
    } else {
      assertThat(warnings).as(what).containsExactly(hint);
    }
  }
}
