package dev.netseg.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renumbers the rules a {@code netseg.dev/justification} annotation names after {@link
 * SegmentPeers} merged some of them: the evidence of merged rules goes under the segment rule, each
 * line prefixed by the workload it came from, so no evidence is lost.
 */
final class JustificationIndex {
  private static final Pattern HEADER =
      Pattern.compile("(ingress|egress)\\[(\\d+)] (from|to) (.*):");

  private JustificationIndex() {}

  static String reindex(
      String text, String direction, int[] oldToNew, Map<Integer, String> merged) {
    if (merged.isEmpty()) {
      return text;
    }
    List<String> before = new ArrayList<>(); // blocks of other directions, in order
    List<String> after = new ArrayList<>();
    Map<Integer, StringBuilder> blocks = new TreeMap<>();
    List<String> current = null;
    String[] lines = text.split("\n", -1);
    int i = 0;
    boolean seen = false;
    while (i < lines.length) {
      Matcher m = HEADER.matcher(lines[i]);
      int end = i + 1;
      while (end < lines.length && lines[end].startsWith("  ")) {
        end++;
      }
      if (m.matches() && m.group(1).equals(direction)) {
        seen = true;
        int old = Integer.parseInt(m.group(2));
        int now = old < oldToNew.length ? oldToNew[old] : old;
        String segment = merged.get(now);
        StringBuilder b = blocks.get(now);
        if (b == null) {
          b = new StringBuilder();
          b.append(direction).append('[').append(now).append("] ").append(m.group(3)).append(' ');
          b.append(segment != null ? "segment " + segment : m.group(4)).append(":\n");
          blocks.put(now, b);
        }
        for (int k = i + 1; k < end; k++) {
          b.append(segment != null ? "  " + m.group(4) + " " + lines[k].substring(2) : lines[k])
              .append('\n');
        }
      } else {
        current = seen ? after : before;
        for (int k = i; k < end; k++) {
          current.add(lines[k]);
        }
      }
      i = end;
    }
    StringBuilder out = new StringBuilder();
    before.forEach(l -> out.append(l).append('\n'));
    blocks.values().forEach(out::append);
    after.forEach(l -> out.append(l).append('\n'));
    return out.length() == 0 ? "" : out.substring(0, out.length() - 1);
  }
}
