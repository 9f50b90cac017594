package dev.netseg.connectivity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the subset of the Graphviz DOT language that netseg writes, for tests on a
 * machine without {@code dot}: {@code digraph [ID] { stmt* }} with subgraphs, node statements,
 * {@code ->} edges, attribute lists and {@code ID=ID} statements. Quoted strings follow Graphviz's
 * lexer ({@code scan.l}: {@code \"} is a quote, a backslash pair stays a pair, so {@code "x\\"}
 * ends after the pair; every other character stays as written), so an unescaped quote or an
 * unbalanced brace or bracket is an error, as is a raw line break inside a string (netseg escapes
 * those). IDs are given as the lexer gives them; {@link #labelText} applies the label escapes on
 * top.
 */
public final class DotSyntax {

  /** A node statement: its ID, its attributes, and the cluster it sits in (null at top level). */
  public record Node(String id, Map<String, String> attributes, String cluster) {}

  public record Edge(String from, String to, Map<String, String> attributes) {}

  /** A subgraph whose name starts with {@code cluster}: its attributes and its node IDs. */
  public record Cluster(String name, Map<String, String> attributes, List<String> nodes) {}

  public record Graph(
      String name,
      Map<String, String> attributes,
      Map<String, Node> nodes,
      List<Edge> edges,
      Map<String, Cluster> clusters) {}

  private final List<String> tokens;
  private final List<Boolean> quoted;
  private int pos;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<Edge> edges = new ArrayList<>();
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();

  private DotSyntax(String text) {
    tokens = new ArrayList<>();
    quoted = new ArrayList<>();
    tokenize(text);
  }

  /**
   * Parses a digraph.
   *
   * @throws IllegalArgumentException where the text is not DOT of this subset, or a node is
   *     declared twice
   */
  public static Graph parse(String text) {
    return new DotSyntax(text).graph();
  }

  /** What Graphviz shows for a label ID: {@code \\} as a backslash, {@code \n} as a line break. */
  public static String labelText(String id) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '\\' && i + 1 < id.length()) {
        char next = id.charAt(++i);
        out.append(next == 'n' || next == 'l' || next == 'r' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private void tokenize(String s) {
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if ("{}[]=;,".indexOf(c) >= 0) {
        add(String.valueOf(c), false);
        i++;
      } else if (s.startsWith("->", i)) {
        add("->", false);
        i += 2;
      } else if (c == '"') {
        StringBuilder id = new StringBuilder();
        i++;
        while (true) {
          if (i >= s.length()) {
            throw new IllegalArgumentException("unterminated string: " + id);
          }
          char d = s.charAt(i);
          if (d == '"') {
            i++;
            break;
          }
          if (d == '\n' || d == '\r') {
            throw new IllegalArgumentException("line break inside a string: " + id);
          }
          if (d == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
            id.append('"');
            i += 2;
          } else if (d == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
            id.append("\\\\");
            i += 2;
          } else {
            id.append(d);
            i++;
          }
        }
        add(id.toString(), true);
      } else if (bare(c)) {
        int start = i;
        while (i < s.length() && bare(s.charAt(i))) {
          i++;
        }
        add(s.substring(start, i), false);
      } else {
        throw new IllegalArgumentException("unexpected character at " + i + ": " + c);
      }
    }
  }

  /** A character of an unquoted ID: a letter, digit, underscore or dot. */
  private static boolean bare(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.');
  }

  private void add(String token, boolean isQuoted) {
    tokens.add(token);
    quoted.add(isQuoted);
  }

  private Graph graph() {
    expectKeyword("digraph");
    String name = isId() ? next() : null;
    Map<String, String> attributes = new LinkedHashMap<>();
    expect("{");
    statements(null, attributes);
    expect("}");
    if (pos != tokens.size()) {
      throw new IllegalArgumentException("text after the graph: " + tokens.get(pos));
    }
    return new Graph(name, attributes, nodes, edges, clusters);
  }

  /** Statements up to the closing brace of the current graph or subgraph. */
  private void statements(String cluster, Map<String, String> graphAttributes) {
    while (pos < tokens.size() && !peekIs("}")) {
      if (peekKeyword("subgraph")) {
        pos++;
        String name = isId() ? next() : null;
        expect("{");
        Map<String, String> attributes = new LinkedHashMap<>();
        boolean isCluster = name != null && name.startsWith("cluster");
        if (isCluster) {
          if (clusters.containsKey(name)) {
            throw new IllegalArgumentException("cluster declared twice: " + name);
          }
          clusters.put(name, new Cluster(name, attributes, new ArrayList<>()));
        }
        statements(isCluster ? name : cluster, attributes);
        expect("}");
      } else if (peekKeyword("graph") || peekKeyword("node") || peekKeyword("edge")) {
        pos++;
        attributes();
      } else {
        String id = id();
        if (peekIs("=")) {
          pos++;
          graphAttributes.put(id, id());
        } else if (peekIs("->")) {
          pos++;
          String to = id();
          edges.add(new Edge(id, to, peekIs("[") ? attributes() : Map.of()));
        } else {
          if (nodes.containsKey(id)) {
            throw new IllegalArgumentException("node declared twice: " + id);
          }
          nodes.put(id, new Node(id, peekIs("[") ? attributes() : Map.of(), cluster));
          if (cluster != null) {
            clusters.get(cluster).nodes().add(id);
          }
        }
      }
      if (peekIs(";")) {
        pos++;
      }
    }
  }

  private Map<String, String> attributes() {
    expect("[");
    Map<String, String> out = new LinkedHashMap<>();
    while (!peekIs("]")) {
      String key = id();
      expect("=");
      if (out.put(key, id()) != null) {
        throw new IllegalArgumentException("attribute given twice: " + key);
      }
      if (peekIs(",") || peekIs(";")) {
        pos++;
      }
    }
    expect("]");
    return out;
  }

  private boolean isId() {
    return pos < tokens.size()
        && (quoted.get(pos) || bare(tokens.get(pos).charAt(0)) && !isKeyword(pos));
  }

  private boolean isKeyword(int at) {
    String t = tokens.get(at).toLowerCase(java.util.Locale.ROOT);
    return !quoted.get(at)
        && List.of("digraph", "graph", "subgraph", "node", "edge", "strict").contains(t);
  }

  private String id() {
    if (!isId()) {
      throw new IllegalArgumentException(
          "expected an ID at token "
              + pos
              + ": "
              + (pos < tokens.size() ? tokens.get(pos) : "EOF"));
    }
    return next();
  }

  private String next() {
    return tokens.get(pos++);
  }

  private boolean peekIs(String punctuation) {
    return pos < tokens.size() && !quoted.get(pos) && tokens.get(pos).equals(punctuation);
  }

  private boolean peekKeyword(String keyword) {
    return pos < tokens.size() && !quoted.get(pos) && tokens.get(pos).equalsIgnoreCase(keyword);
  }

  private void expect(String punctuation) {
    if (!peekIs(punctuation)) {
      throw new IllegalArgumentException(
          "expected "
              + punctuation
              + " at token "
              + pos
              + ": "
              + (pos < tokens.size() ? tokens.get(pos) : "EOF"));
    }
    pos++;
  }

  private void expectKeyword(String keyword) {
    if (!peekKeyword(keyword)) {
      throw new IllegalArgumentException("expected " + keyword);
    }
    pos++;
  }
}
