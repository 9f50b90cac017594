package dev.netseg.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed CRDs must be exactly what the build generates from the annotated classes. */
class CrdDriftTest {
  static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
  static final Path COMMITTED = Path.of("crds");
  static final String HOW_TO_FIX =
      "run ./mvnw -B -q -DskipTests process-classes && cp target/classes/META-INF/fabric8/*.yml"
          + " crds/";

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  @Test
  void committedCrdsEqualGeneratedCrds() throws IOException {
    List<String> generated = names(GENERATED);
    assertThat(generated)
        .contains(
            "segmentationprofiles.netseg.dev-v1.yml",
            "learnededges.netseg.dev-v1.yml",
            "policyproposals.netseg.dev-v1.yml");
    assertThat(names(COMMITTED)).as("CRD files in crds/: " + HOW_TO_FIX).isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(COMMITTED.resolve(name)))
          .as("crds/%s is stale: %s", name, HOW_TO_FIX)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }
}
