package dev.netseg.policy;

import static dev.netseg.policy.Protocol.SCTP;
import static dev.netseg.policy.Protocol.TCP;
import static dev.netseg.policy.Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionSetTest {

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of(ConnectionSet.all(), "All Connections"),
        Arguments.of(ConnectionSet.none(), "No Connections"),
        Arguments.of(ConnectionSet.of(TCP, 8080, 8080), "TCP 8080"),
        Arguments.of(
            ConnectionSet.of(TCP, 8080, 8080).union(ConnectionSet.of(UDP, 53, 53)),
            "TCP 8080,UDP 53"),
        Arguments.of(
            ConnectionSet.all().minus(ConnectionSet.of(TCP, 80, 80)),
            "SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535"),
        Arguments.of(
            ConnectionSet.allPorts(TCP).minus(ConnectionSet.of(TCP, 80, 80)), "TCP 1-79,81-65535"),
        Arguments.of(ConnectionSet.allPorts(TCP), "TCP 1-65535"),
        Arguments.of(
            ConnectionSet.of(SCTP, 9000, 9000)
                .union(ConnectionSet.of(UDP, 1, 52))
                .union(ConnectionSet.of(TCP, 80, 81)),
            "SCTP 9000,TCP 80-81,UDP 1-52"));
  }

  /** Strings as roxctl netpol connectivity map prints them (protocols sorted by name). */
  @ParameterizedTest(name = "{1}")
  @MethodSource("renderings")
  void rendersLikeRoxctl(ConnectionSet set, String expected) {
    assertThat(set).hasToString(expected);
  }

  @Test
  void mergesAdjacentAndOverlappingRanges() {
    ConnectionSet s =
        ConnectionSet.of(TCP, 10, 20)
            .union(ConnectionSet.of(TCP, 21, 30))
            .union(ConnectionSet.of(TCP, 25, 40))
            .union(ConnectionSet.of(TCP, 50, 50));
    assertThat(s.ranges())
        .isEqualTo(Map.of(TCP, List.of(new PortRange(10, 40), new PortRange(50, 50))));
    assertThat(s).isEqualTo(ConnectionSet.of(TCP, 50, 50).union(ConnectionSet.of(TCP, 10, 40)));
    assertThat(s.hashCode())
        .isEqualTo(ConnectionSet.of(TCP, 50, 50).union(ConnectionSet.of(TCP, 10, 40)).hashCode());
  }

  @Test
  void allIsAllThreeProtocolsWithEveryPort() {
    ConnectionSet built =
        ConnectionSet.allPorts(TCP)
            .union(ConnectionSet.allPorts(UDP))
            .union(ConnectionSet.allPorts(SCTP));
    assertThat(built.isAll()).isTrue();
    assertThat(built).isEqualTo(ConnectionSet.all());
    assertThat(ConnectionSet.allPorts(TCP).union(ConnectionSet.allPorts(UDP)).isAll()).isFalse();
    assertThat(ConnectionSet.all().minus(ConnectionSet.all()).isEmpty()).isTrue();
  }

  @Test
  void intersectAndMinusWorkPerProtocol() {
    ConnectionSet a = ConnectionSet.of(TCP, 1, 100).union(ConnectionSet.of(UDP, 53, 53));
    ConnectionSet b = ConnectionSet.of(TCP, 50, 200).union(ConnectionSet.of(SCTP, 53, 53));
    assertThat(a.intersect(b)).isEqualTo(ConnectionSet.of(TCP, 50, 100));
    assertThat(a.minus(b))
        .isEqualTo(ConnectionSet.of(TCP, 1, 49).union(ConnectionSet.of(UDP, 53, 53)));
    assertThat(ConnectionSet.of(TCP, 80, 80).contains(UDP, 80)).isFalse();
    assertThat(ConnectionSet.of(TCP, 80, 90).contains(TCP, 90)).isTrue();
    assertThat(ConnectionSet.of(TCP, 80, 90).contains(TCP, 91)).isFalse();
  }

  @Test
  void rejectsPortsOutsideTheValidRange() {
    assertThatThrownBy(() -> ConnectionSet.of(TCP, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConnectionSet.of(TCP, 10, 65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConnectionSet.of(TCP, 20, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- algebra against a plain boolean model over a small window of ports ----------------------

  private static final int WINDOW = 12;

  @Provide
  Arbitrary<ConnectionSet> sets() {
    Arbitrary<ConnectionSet> one =
        Combinators.combine(
                Arbitraries.of(Protocol.class),
                Arbitraries.integers().between(1, WINDOW),
                Arbitraries.integers().between(0, 4))
            .as((p, from, len) -> ConnectionSet.of(p, from, Math.min(WINDOW, from + len)));
    return one.list()
        .ofMaxSize(5)
        .map(l -> l.stream().reduce(ConnectionSet.none(), ConnectionSet::union));
  }

  @Property
  void operationsAgreeWithPointwiseBooleans(
      @ForAll("sets") ConnectionSet a, @ForAll("sets") ConnectionSet b) {
    ConnectionSet union = a.union(b);
    ConnectionSet intersection = a.intersect(b);
    ConnectionSet difference = a.minus(b);
    for (Protocol p : Protocol.values()) {
      for (int port = 1; port <= WINDOW + 1; port++) {
        boolean x = a.contains(p, port);
        boolean y = b.contains(p, port);
        assertThat(union.contains(p, port)).isEqualTo(x || y);
        assertThat(intersection.contains(p, port)).isEqualTo(x && y);
        assertThat(difference.contains(p, port)).isEqualTo(x && !y);
      }
    }
    assertThat(union).isEqualTo(b.union(a));
    assertThat(union.minus(b).union(intersection)).isEqualTo(a);
  }
}
