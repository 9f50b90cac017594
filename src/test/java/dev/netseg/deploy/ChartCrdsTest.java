package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs exactly the CRDs the build generates and commits in {@code crds/} (which
 * CrdDriftTest keeps equal to the generated ones): same files, same bytes.
 */
class ChartCrdsTest {
  static final Path TOP_LEVEL = Path.of("crds");
  static final Path CHART = HelmChart.DIR.resolve("crds");
  static final String FIX = "run: rm -f %s/*.yml && cp crds/*.yml %s/";

  @Test
  void chartHoldsTheSameCrdFilesAsTheProject() throws IOException {
    assertThat(names(CHART))
        .as("CRD files of the chart; to fix, " + FIX, CHART, CHART)
        .isNotEmpty()
        .containsExactlyElementsOf(names(TOP_LEVEL));
  }

  @Test
  void everyChartCrdIsIdenticalToTheProjectCrd() throws IOException {
    for (String name : names(TOP_LEVEL)) {
      Path copy = CHART.resolve(name);
      assertThat(copy).as("chart copy of crds/%s", name).exists();
      assertThat(Files.readString(copy))
          .as("%s differs from crds/%s; to fix, " + FIX, copy, name, CHART, CHART)
          .isEqualTo(Files.readString(TOP_LEVEL.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }
}
