package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.connectivity.ConnectivityLine;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectivityChangesTest {
  private static final String W = "shop/cart[Deployment]";
  private static final String V = "shop/web[Deployment]";
  private static final ConnectionSet TCP_443 = ConnectionSet.of(Protocol.TCP, 443, 443);
  private static final ConnectionSet TCP_80 = ConnectionSet.of(Protocol.TCP, 80, 80);

  private static ConnectivityLine line(String src, String dst, ConnectionSet set) {
    return new ConnectivityLine(src, dst, set, List.of());
  }

  /** An external end as the connectivity analysis writes it. */
  private static String ext(String first, String last) {
    return first + "-" + last + "[External]";
  }

  private static List<ConnectivityLine> out(ConnectionSet set, String... ranges) {
    List<ConnectivityLine> lines = new ArrayList<>();
    for (int i = 0; i < ranges.length; i += 2) {
      lines.add(line(W, ext(ranges[i], ranges[i + 1]), set));
    }
    return lines;
  }

  private static List<ConnectivityLine> concat(List<ConnectivityLine> a, List<ConnectivityLine> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a pair of workloads gains a port and loses another",
            List.of(line(W, V, TCP_80)),
            List.of(line(W, V, TCP_443)),
            List.of("+ " + W + " => " + V + " : TCP 443", "- " + W + " => " + V + " : TCP 80")),
        Arguments.of(
            "unchanged pairs are left out",
            List.of(line(W, V, TCP_80), line(W, ext("10.0.0.0", "10.0.0.255"), TCP_80)),
            List.of(line(W, V, TCP_80), line(W, ext("10.0.0.0", "10.0.0.255"), TCP_80)),
            List.of()),
        Arguments.of(
            "adjacent ranges with the same gain join into one range",
            List.of(),
            out(TCP_443, "10.0.0.0", "10.0.0.255", "10.0.1.0", "10.0.1.255"),
            List.of("+ " + W + " => 10.0.0.0-10.0.1.255[External] : TCP 443")),
        Arguments.of(
            "a join that is not one prefix block is written first-last too",
            List.of(),
            out(TCP_443, "10.0.1.0", "10.0.1.255", "10.0.2.0", "10.0.2.255"),
            List.of("+ " + W + " => 10.0.1.0-10.0.2.255[External] : TCP 443")),
        Arguments.of(
            "ranges that are not adjacent stay apart, sorted by address",
            List.of(),
            out(TCP_443, "192.168.0.0", "192.168.0.255", "10.0.0.0", "10.0.0.255"),
            List.of(
                "+ " + W + " => 10.0.0.0-10.0.0.255[External] : TCP 443",
                "+ " + W + " => 192.168.0.0-192.168.0.255[External] : TCP 443")),
        Arguments.of(
            "adjacent ranges with different port sets stay apart",
            List.of(),
            concat(out(TCP_443, "10.0.0.0", "10.0.0.255"), out(TCP_80, "10.0.1.0", "10.0.1.255")),
            List.of(
                "+ " + W + " => 10.0.0.0-10.0.0.255[External] : TCP 443",
                "+ " + W + " => 10.0.1.0-10.0.1.255[External] : TCP 80")),
        Arguments.of(
            "the whole address space cut by one ipBlock: lost everywhere but 10.0.0.0/8",
            out(
                ConnectionSet.all(),
                "0.0.0.0",
                "9.255.255.255",
                "10.0.0.0",
                "10.255.255.255",
                "11.0.0.0",
                "255.255.255.255"),
            out(ConnectionSet.all(), "10.0.0.0", "10.255.255.255"),
            List.of(
                "- " + W + " => 0.0.0.0-9.255.255.255[External] : All Connections",
                "- " + W + " => 11.0.0.0-255.255.255.255[External] : All Connections")),
        Arguments.of(
            "the same range gaining one port and losing another gives two lines, gained first",
            out(TCP_80, "0.0.0.0", "127.255.255.255", "128.0.0.0", "255.255.255.255"),
            out(TCP_443, "0.0.0.0", "127.255.255.255", "128.0.0.0", "255.255.255.255"),
            List.of(
                "+ " + W + " => 0.0.0.0-255.255.255.255[External] : TCP 443",
                "- " + W + " => 0.0.0.0-255.255.255.255[External] : TCP 80")),
        Arguments.of(
            "inbound and outbound changes on one range stay apart",
            List.of(),
            List.of(
                line(W, ext("10.0.0.0", "10.0.0.127"), TCP_80),
                line(ext("10.0.0.128", "10.0.0.255"), W, TCP_80),
                line(ext("10.0.0.0", "10.0.0.127"), W, TCP_80)),
            List.of(
                "+ " + W + " => 10.0.0.0-10.0.0.127[External] : TCP 80",
                "+ 10.0.0.0-10.0.0.255[External] => " + W + " : TCP 80")),
        Arguments.of(
            "IPv4 and IPv6 never join, and IPv6 comes after IPv4",
            List.of(),
            List.of(
                line(W, ext("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), TCP_443),
                line(W, ext("0.0.0.0", "255.255.255.255"), TCP_443)),
            List.of(
                "+ " + W + " => 0.0.0.0-255.255.255.255[External] : TCP 443",
                "+ " + W + " => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : TCP 443")),
        Arguments.of(
            "workloads join their own ranges only",
            List.of(),
            List.of(
                line(W, ext("10.0.0.0", "10.0.0.255"), TCP_80),
                line(V, ext("10.0.1.0", "10.0.1.255"), TCP_80)),
            List.of(
                "+ " + W + " => 10.0.0.0-10.0.0.255[External] : TCP 80",
                "+ " + V + " => 10.0.1.0-10.0.1.255[External] : TCP 80")),
        Arguments.of(
            "a workload pair sorts before the workload's external ranges",
            List.of(),
            List.of(line(W, ext("1.0.0.0", "1.0.0.255"), TCP_80), line(W, V, TCP_80)),
            List.of(
                "+ " + W + " => " + V + " : TCP 80",
                "+ " + W + " => 1.0.0.0-1.0.0.255[External] : TCP 80")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void changesArePerPairWithExternalRangesJoined(
      String name,
      List<ConnectivityLine> before,
      List<ConnectivityLine> after,
      List<String> expected) {
    List<String> lines = new ArrayList<>();
    for (ConnectivityChanges.Change c : ConnectivityChanges.between(before, after)) {
      if (c.gained() != null) {
        lines.add("+ " + c.source() + " => " + c.destination() + " : " + c.gained());
      }
      if (c.lost() != null) {
        lines.add("- " + c.source() + " => " + c.destination() + " : " + c.lost());
      }
    }
    assertThat(lines).containsExactlyElementsOf(expected);
  }
}
