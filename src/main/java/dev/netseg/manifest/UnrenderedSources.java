package dev.netseg.manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes folders that hold what renders manifests rather than manifests: a Helm chart (a folder
 * with {@code Chart.yaml}) and a kustomization (a folder with {@code kustomization.yaml}, {@code
 * kustomization.yml} or {@code Kustomization}). Their files are templates, values and overlays;
 * read as manifests they give SnakeYAML errors or a policy built from an un-rendered base.
 */
final class UnrenderedSources {
  private static final List<String> KUSTOMIZATIONS =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private UnrenderedSources() {}

  /** The problem with a folder, when it is a chart or a kustomization. */
  static Optional<UnrenderedInputException> folder(Path dir) {
    if (Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      return Optional.of(chart(dir));
    }
    for (String name : KUSTOMIZATIONS) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return Optional.of(
            new UnrenderedInputException(
                dir + ": a kustomization (" + name + ")", "kubectl kustomize " + dir));
      }
    }
    return Optional.empty();
  }

  /**
   * The problem with a file named directly: a kustomization file, or any file of a chart (the
   * nearest folder above it with {@code Chart.yaml}).
   */
  static Optional<UnrenderedInputException> file(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    Path shown = file.getParent() == null ? Path.of(".") : file.getParent();
    if (KUSTOMIZATIONS.contains(file.getFileName().toString())) {
      return folder(shown);
    }
    for (Path dir = parent; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("Chart.yaml"))) {
        return Optional.of(chart(relativeLike(file, dir)));
      }
    }
    return Optional.empty();
  }

  /** The kustomization a Kustomization object in {@code source} belongs to. */
  static UnrenderedInputException kustomizationObject(String location, String kind, String source) {
    Path parent = Path.of(source).getParent();
    return new UnrenderedInputException(
        location + " (" + kind + "): a kustomization",
        "kubectl kustomize " + (parent == null ? "." : parent));
  }

  /** A template file that does not parse as YAML: {@code {{ }} at the line shown. */
  static UnrenderedInputException template(String document, int line) {
    return new UnrenderedInputException(
        document + ": a template ({{ at line " + line + ")", "helm template RELEASE CHART");
  }

  private static UnrenderedInputException chart(Path dir) {
    return new UnrenderedInputException(
        dir + ": a Helm chart (Chart.yaml)", "helm template RELEASE " + dir);
  }

  /** The chart folder written the way the user wrote the file: relative to here, or absolute. */
  private static Path relativeLike(Path file, Path chart) {
    if (file.isAbsolute()) {
      return chart;
    }
    Path relative = Path.of("").toAbsolutePath().relativize(chart);
    return relative.toString().isEmpty() ? Path.of(".") : relative;
  }
}
