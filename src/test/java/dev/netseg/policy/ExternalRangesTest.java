package dev.netseg.policy;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ExternalRangesTest {

  @Test
  void withoutIpBlocksTheWholeSpacesAreOneRangeEach() {
    PolicyEngine engine = PolicyEngine.build(new ClusterSnapshot(List.of(), List.of(), List.of()));
    assertThat(render(engine.externalRanges()))
        .containsExactly("0.0.0.0-255.255.255.255", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  }

  @Test
  void cutsAtEveryCidrAndExceptBoundaryIpv4First() {
    PolicyEngine engine =
        engine(
            List.of("10.0.0.0/8", "fd00::/64"),
            List.of(List.of("10.1.0.0/16"), List.of("fd00::/120")));
    assertThat(render(engine.externalRanges()))
        .containsExactly(
            "0.0.0.0-9.255.255.255",
            "10.0.0.0-10.0.255.255",
            "10.1.0.0-10.1.255.255",
            "10.2.0.0-10.255.255.255",
            "11.0.0.0-255.255.255.255",
            "::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fd00::-fd00::ff",
            "fd00::100-fd00::ffff:ffff:ffff:ffff",
            "fd00:0:0:1::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  }

  @Test
  void aBlockReachingTheTopOfTheSpaceAddsNoRangeBeyondIt() {
    PolicyEngine engine =
        engine(List.of("0.0.0.0/0", "255.255.255.0/24"), List.of(List.of(), List.of()));
    assertThat(render(engine.externalRanges()))
        .containsExactly(
            "0.0.0.0-255.255.254.255",
            "255.255.255.0-255.255.255.255",
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  }

  @Provide
  Arbitrary<List<String>> cidrs() {
    Arbitrary<String> v4 =
        Arbitraries.integers()
            .between(0, 32)
            .flatMap(
                len ->
                    Arbitraries.longs()
                        .between(0, 0xffffffffL)
                        .map(v -> block(new BigInteger(Long.toString(v)), len, false)));
    Arbitrary<String> v6 =
        Arbitraries.integers()
            .between(96, 128)
            .flatMap(
                len ->
                    Arbitraries.longs()
                        .between(0, 0xffffffffL)
                        .map(v -> block(BigInteger.valueOf(v), len, true)));
    return Arbitraries.oneOf(v4, v4, v6).list().ofMaxSize(6);
  }

  /**
   * The ranges tile both spaces without gaps or overlaps, and every cidr either contains a range or
   * misses it entirely, and two neighbours are told apart by some cidr.
   */
  @Property(tries = 300)
  void rangesAreAPartitionThatEveryCidrRespects(@ForAll("cidrs") List<String> cidrs) {
    List<List<String>> noExcept = cidrs.stream().map(c -> List.<String>of()).toList();
    List<IPAddressSeqRange> ranges = engine(cidrs, noExcept).externalRanges();
    List<IPAddress> blocks =
        cidrs.stream().map(c -> new IPAddressString(c).getAddress().toPrefixBlock()).toList();
    BigInteger expectedNext = BigInteger.ZERO;
    boolean v6 = false;
    IPAddressSeqRange previous = null;
    for (IPAddressSeqRange r : ranges) {
      if (r.getLower().isIPv6() && !v6) {
        assertThat(previous.getUpper().getValue())
            .isEqualTo(BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE));
        v6 = true;
        expectedNext = BigInteger.ZERO;
        previous = null;
      }
      assertThat(r.getLower().getValue()).isEqualTo(expectedNext);
      expectedNext = r.getUpper().getValue().add(BigInteger.ONE);
      List<Boolean> membership = new ArrayList<>();
      for (IPAddress b : blocks) {
        boolean sameFamily = b.isIPv6() == r.getLower().isIPv6();
        boolean inside = sameFamily && b.contains(r.getLower());
        assertThat(sameFamily && b.contains(r.getUpper())).as("%s vs %s", b, r).isEqualTo(inside);
        membership.add(inside);
      }
      if (previous != null) {
        List<Boolean> prev = new ArrayList<>();
        for (IPAddress b : blocks) {
          prev.add(b.isIPv6() == previous.getLower().isIPv6() && b.contains(previous.getLower()));
        }
        assertThat(membership).as("%s and %s are mergeable", previous, r).isNotEqualTo(prev);
      }
      previous = r;
    }
    assertThat(v6).isTrue();
    assertThat(expectedNext).isEqualTo(BigInteger.ONE.shiftLeft(128));
  }

  private static String block(BigInteger value, int len, boolean v6) {
    IPAddress a =
        v6
            ? new inet.ipaddr.ipv6.IPv6Address(value)
            : new inet.ipaddr.ipv4.IPv4Address(value.intValue());
    return a.setPrefixLength(len, false).toPrefixBlock().toCanonicalString();
  }

  private static PolicyEngine engine(List<String> cidrs, List<List<String>> excepts) {
    List<NetworkPolicy> policies = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String except =
          excepts.get(i).isEmpty() ? "" : ", except: [" + String.join(", ", excepts.get(i)) + "]";
      policies.add(
          K8s.policy(
              "x",
              "p" + i,
              "podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: \""
                  + cidrs.get(i)
                  + "\""
                  + except
                  + "}"));
    }
    return PolicyEngine.build(new ClusterSnapshot(List.of(), List.of(), policies));
  }

  private static List<String> render(List<IPAddressSeqRange> ranges) {
    return ranges.stream()
        .map(r -> r.getLower().toCanonicalString() + "-" + r.getUpper().toCanonicalString())
        .toList();
  }
}
