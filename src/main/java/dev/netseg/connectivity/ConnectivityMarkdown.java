package dev.netseg.connectivity;

import java.util.ArrayList;
import java.util.List;

/**
 * Connectivity lines as a GitHub-flavoured Markdown table, {@code | src | dst | conn |} (and an
 * {@code explanation} column, one reason per line of the cell), one row per line. In cells, a pipe
 * and a backslash are backslash-escaped and {@code &} and {@code <} written as entities, so that no
 * name or reason ends a cell early or is read as HTML.
 */
public final class ConnectivityMarkdown {
  private final boolean explain;

  /**
   * @param explain add the explanation column
   */
  public ConnectivityMarkdown(boolean explain) {
    this.explain = explain;
  }

  public String render(List<ConnectivityLine> lines) {
    List<String> header = new ArrayList<>(List.of("src", "dst", "conn"));
    if (explain) {
      header.add("explanation");
    }
    StringBuilder out = new StringBuilder();
    row(out, header);
    row(out, header.stream().map(h -> "---").toList());
    for (ConnectivityLine l : lines) {
      List<String> cells =
          new ArrayList<>(
              List.of(cell(l.source()), cell(l.destination()), cell(l.connectionsText())));
      if (explain) {
        cells.add(
            String.join("<br>", l.explanation().stream().map(ConnectivityMarkdown::cell).toList()));
      }
      row(out, cells);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  /** Text as the content of one cell. */
  private static String cell(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '|' -> out.append("\\|");
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '\r', '\n' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
