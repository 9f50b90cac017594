package dev.netseg.manifest;

import java.util.Objects;

/**
 * The input is not rendered manifests but what renders them: a Helm chart, a template, a
 * kustomization. netseg reads what the API server would receive, so the message says what to run
 * and pipe in instead.
 */
public final class UnrenderedInputException extends ManifestException {
  private static final long serialVersionUID = 1L;

  private final String problem;
  private final String render;

  /**
   * @param problem what the input is, {@code chart: a Helm chart (Chart.yaml)}
   * @param render the command that renders it, {@code helm template RELEASE chart}
   */
  UnrenderedInputException(String problem, String render) {
    super(text(problem, render, "netseg generate"));
    this.problem = Objects.requireNonNull(problem, "problem");
    this.render = Objects.requireNonNull(render, "render");
  }

  /** The message with the netseg command the rendered manifests should be piped into. */
  public String message(String netsegCommand) {
    return text(problem, render, netsegCommand);
  }

  private static String text(String problem, String render, String netsegCommand) {
    return problem
        + ", not rendered manifests; render it and give the result on standard input: "
        + render
        + " | "
        + netsegCommand
        + " -";
  }
}
