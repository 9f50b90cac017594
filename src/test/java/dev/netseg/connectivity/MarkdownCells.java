package dev.netseg.connectivity;

import java.util.ArrayList;
import java.util.List;

/** Reads a row of a GitHub-flavoured Markdown table back into its cells, for tests. */
public final class MarkdownCells {
  private MarkdownCells() {}

  /**
   * The cells of {@code | a | b |}: split at the pipes that are not backslash-escaped, backslash
   * escapes undone (HTML entities are left as written).
   *
   * @throws IllegalArgumentException for a line that is not a table row
   */
  public static List<String> of(String row) {
    if (!row.startsWith("| ") || !row.endsWith(" |")) {
      throw new IllegalArgumentException("not a table row: " + row);
    }
    String inner = row.substring(2, row.length() - 2);
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\\' && i + 1 < inner.length()) {
        cell.append(inner.charAt(++i));
      } else if (c == '|') {
        if (!inner.startsWith("| ", i) || cell.isEmpty() || cell.charAt(cell.length() - 1) != ' ') {
          throw new IllegalArgumentException("a pipe inside a cell: " + row);
        }
        out.add(cell.substring(0, cell.length() - 1));
        cell.setLength(0);
        i++;
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
