package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.Protocol;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PortRangesTest {

  /** The ports a rendered list admits, expanded, with names resolved through {@code names}. */
  private static Set<PortKey> expand(List<NetworkPolicyPort> ports, Map<String, PortKey> names) {
    Set<PortKey> out = new TreeSet<>();
    for (NetworkPolicyPort p : ports) {
      Protocol proto = Protocol.valueOf(p.getProtocol());
      if (p.getPort().getStrVal() != null) {
        out.add(names.get(p.getPort().getStrVal()));
        continue;
      }
      int end = p.getEndPort() == null ? p.getPort().getIntVal() : p.getEndPort();
      for (int port = p.getPort().getIntVal(); port <= end; port++) {
        out.add(new PortKey(proto, port));
      }
    }
    return out;
  }

  @Property(tries = 300)
  void renderedPortsAdmitExactlyTheGivenPortsWithMaximalRanges(
      @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 40) Integer> tcp,
      @ForAll @Size(max = 10) List<@IntRange(min = 30, max = 45) Integer> udp,
      @ForAll @Size(max = 5) List<@IntRange(min = 1, max = 40) Integer> named) {
    TreeSet<PortKey> ports = new TreeSet<>();
    tcp.forEach(p -> ports.add(new PortKey(Protocol.TCP, p)));
    udp.forEach(p -> ports.add(new PortKey(Protocol.UDP, p)));
    Map<PortKey, String> names = new HashMap<>();
    Map<String, PortKey> byName = new HashMap<>();
    for (int p : named) {
      PortKey key = new PortKey(Protocol.TCP, p);
      if (ports.contains(key)) {
        names.put(key, "n" + p);
        byName.put("n" + p, key);
      }
    }
    List<NetworkPolicyPort> rendered = PortRanges.render(ports, names);
    assertThat(expand(rendered, byName)).isEqualTo(ports);
    // no two numbered entries of one protocol could have been one range
    for (int i = 1; i < rendered.size(); i++) {
      NetworkPolicyPort a = rendered.get(i - 1);
      NetworkPolicyPort b = rendered.get(i);
      if (a.getPort().getIntVal() != null
          && b.getPort().getIntVal() != null
          && a.getProtocol().equals(b.getProtocol())) {
        int aEnd = a.getEndPort() == null ? a.getPort().getIntVal() : a.getEndPort();
        assertThat(b.getPort().getIntVal()).isGreaterThan(aEnd + 1);
      }
    }
    assertThat(rendered).allSatisfy(p -> assertThat(p.getProtocol()).isNotNull());
  }
}
