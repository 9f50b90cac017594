package dev.netseg.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD must be exactly what the build generates from the annotated classes. */
class CrdDriftTest {
  static final String CRD_FILE = "segmentationprofiles.netseg.dev-v1.yml";

  @Test
  void committedCrdEqualsGeneratedCrd() throws IOException {
    String generated;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/fabric8/" + CRD_FILE)) {
      assertThat(in).as("generated CRD on the classpath").isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String committed = Files.readString(Path.of("crds", CRD_FILE));
    assertThat(committed)
        .as(
            "crds/%s is stale: run ./mvnw -B -q -DskipTests process-classes && cp"
                + " target/classes/META-INF/fabric8/%s crds/",
            CRD_FILE, CRD_FILE)
        .isEqualTo(generated);
  }
}
