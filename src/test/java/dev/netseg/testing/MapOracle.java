package dev.netseg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netseg.connectivity.ExternalEnd;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the map must show, worked out only from the JSON of {@code generate -o json} (required and
 * refused flows) and {@code connectivity -o json} (what the policies allow): the pairs and each
 * pair's status, by the rules of docs/map.md. An oracle for the map's tests, written apart from the
 * map's code.
 */
public final class MapOracle {
  private MapOracle() {}

  /** An ordered pair of node ids. */
  public record Pair(String source, String target) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair o) {
      int c = source.compareTo(o.source);
      return c != 0 ? c : target.compareTo(o.target);
    }

    @Override
    public String toString() {
      return source + " -> " + target;
    }
  }

  /**
   * Each pair's status: refused if a refused flow names it, else outage if the policies allow none
   * of a required port between two ends of the input, or {@code verify} finds a flow of the pair
   * blocked (flows to peers the input does not hold, such as the cluster DNS, which connectivity
   * does not list), else hole if the policies allow more than the required ports, else required.
   *
   * @param verify {@code verify -o json} of the same input and policies
   * @param workloads the ids of the input's workloads
   */
  public static Map<Pair, String> statuses(
      JsonNode generate, JsonNode connectivity, JsonNode verify, Set<String> workloads) {
    Set<Pair> verifyBlocked = new HashSet<>();
    verify
        .get("blocked")
        .forEach(
            b -> verifyBlocked.add(pair(b.get("source").asText(), b.get("destination").asText())));
    Map<Pair, Set<String>> required = new TreeMap<>();
    Map<Pair, Boolean> outside = new TreeMap<>();
    Map<Pair, String> out = new TreeMap<>();
    for (JsonNode f : generate.get("flows")) {
      Pair p = pair(f.get("source").asText(), f.get("destination").asText());
      required
          .computeIfAbsent(p, k -> new HashSet<>())
          .add(f.get("protocol").asText() + " " + f.get("port").asInt());
      boolean in = known(p.source(), workloads) && known(p.target(), workloads);
      outside.merge(p, !in, Boolean::logicalOr);
    }
    Map<Pair, Set<String>> allowed = new TreeMap<>();
    Map<Pair, Boolean> allowsMore = new TreeMap<>();
    for (JsonNode line : connectivity) {
      Pair p = pair(line.get("src").asText(), line.get("dst").asText());
      String conn = line.get("conn").asText();
      if (conn.equals("No Connections")) {
        continue;
      }
      Set<String> req = required.getOrDefault(p, Set.of());
      allowsMore.merge(p, !onlyThese(conn, req), Boolean::logicalOr);
      out.put(p, "hole");
      // a required flow to or from part of this line's range is allowed as the line says
      // (connectivity joins adjacent ranges with the same connections)
      for (Map.Entry<Pair, Set<String>> r : required.entrySet()) {
        if (within(r.getKey(), line.get("src").asText(), line.get("dst").asText())) {
          for (String port : r.getValue()) {
            if (contains(conn, port)) {
              allowed.computeIfAbsent(r.getKey(), k -> new HashSet<>()).add(port);
            }
          }
        }
      }
    }
    for (Map.Entry<Pair, Set<String>> e : required.entrySet()) {
      Pair p = e.getKey();
      boolean blocked =
          outside.get(p)
              ? verifyBlocked.contains(p)
              : !allowed.getOrDefault(p, Set.of()).containsAll(e.getValue());
      out.put(p, blocked ? "outage" : allowsMore.getOrDefault(p, false) ? "hole" : "required");
    }
    for (JsonNode f : generate.get("refused")) {
      out.put(pair(f.get("source").asText(), f.get("destination").asText()), "refused");
    }
    return out;
  }

  /** Whether each end of a required pair is the line's end, or an external range within it. */
  private static boolean within(Pair required, String src, String dst) {
    return within(required.source(), src) && within(required.target(), dst);
  }

  private static boolean within(String node, String end) {
    if (node.equals(node(end))) {
      return true;
    }
    Optional<IPAddressSeqRange> range = ExternalEnd.parse(end);
    Optional<IPAddressSeqRange> inner =
        node.equals("world") || !node.endsWith("[External]")
            ? Optional.empty()
            : ExternalEnd.parse(node);
    return range.isPresent() && inner.isPresent() && range.get().contains(inner.get());
  }

  private static boolean known(String id, Set<String> workloads) {
    return workloads.contains(id) || id.equals("world") || id.endsWith("[External]");
  }

  private static Pair pair(String source, String destination) {
    return new Pair(node(source), node(destination));
  }

  /** The node id of an end as generate (CIDR) or connectivity (range) writes it. */
  public static String node(String end) {
    Optional<IPAddressSeqRange> range = ExternalEnd.parse(end);
    if (range.isEmpty() && !end.contains("[")) {
      range = Optional.of(new IPAddressString(end).getAddress().toSequentialRange());
    }
    return range
        .map(r -> r.getLower().isZero() && r.getUpper().isMax() ? "world" : ExternalEnd.format(r))
        .orElse(end);
  }

  /** One protocol's port range of roxctl's connection text. */
  private record Range(String protocol, int from, int to) {}

  /** {@code TCP 80,443-445,UDP 53} as its ranges; {@code All Connections} is not a list. */
  private static List<Range> ranges(String conn) {
    List<Range> out = new ArrayList<>();
    String protocol = null;
    for (String token : conn.split(",")) {
      String range = token;
      if (token.contains(" ")) {
        protocol = token.substring(0, token.indexOf(' '));
        range = token.substring(token.indexOf(' ') + 1);
      }
      String[] bounds = range.split("-");
      int from = Integer.parseInt(bounds[0]);
      out.add(new Range(protocol, from, bounds.length > 1 ? Integer.parseInt(bounds[1]) : from));
    }
    return out;
  }

  /** Whether roxctl's connection text ({@code TCP 80,443,UDP 53}) holds {@code TCP 80}. */
  static boolean contains(String conn, String protocolAndPort) {
    if (conn.equals("All Connections")) {
      return true;
    }
    String[] want = protocolAndPort.split(" ");
    int port = Integer.parseInt(want[1]);
    return ranges(conn).stream()
        .anyMatch(r -> want[0].equals(r.protocol()) && r.from() <= port && port <= r.to());
  }

  /** Whether the connection text allows nothing beyond the given single ports. */
  static boolean onlyThese(String conn, Set<String> ports) {
    if (conn.equals("All Connections")) {
      return false;
    }
    for (Range r : ranges(conn)) {
      for (int p = r.from(); p <= r.to(); p++) {
        if (!ports.contains(r.protocol() + " " + p)) {
          return false;
        }
      }
    }
    return true;
  }
}
