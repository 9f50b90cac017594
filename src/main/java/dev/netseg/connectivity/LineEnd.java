package dev.netseg.connectivity;

/**
 * One end of a {@link ConnectivityLine}, read back from its text: a workload {@code
 * namespace/name[Kind]} or an outside range {@code first-last[External]} ({@link ExternalEnd}).
 *
 * @param text the end as the line writes it, unique per end
 * @param namespace the workload's namespace; null for an outside range
 * @param name the workload's name, or the range {@code first-last}
 * @param kind the workload's kind, or {@code External}
 */
record LineEnd(String text, String namespace, String name, String kind) {

  /**
   * @throws IllegalArgumentException for text that is neither form
   */
  static LineEnd parse(String text) {
    if (ExternalEnd.parse(text).isPresent()) {
      int open = text.lastIndexOf('[');
      return new LineEnd(text, null, text.substring(0, open), "External");
    }
    // The kind is the last bracket (a name may hold brackets), the namespace ends at the first
    // slash (a namespace has none).
    int open = text.lastIndexOf('[');
    int slash = text.indexOf('/');
    if (!text.endsWith("]") || open < 0 || slash < 0 || slash > open) {
      throw new IllegalArgumentException("not a connectivity end: " + text);
    }
    return new LineEnd(
        text,
        text.substring(0, slash),
        text.substring(slash + 1, open),
        text.substring(open + 1, text.length() - 1));
  }

  boolean external() {
    return namespace == null;
  }
}
