package dev.netseg.policy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.ipv4.IPv4Address;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * An exact, indexed model of what networking.k8s.io/v1 NetworkPolicy allows in one snapshot.
 * Immutable and safe to share between threads.
 *
 * <p>Semantics, in brief: a pod is isolated for ingress (egress) when a policy of its namespace
 * selects it with that policy type; policies add up; a connection needs the source's egress and the
 * destination's ingress. An {@link Endpoint.Address} side has no policy of its own and always
 * allows its side. Always allowed: a pod to itself, and traffic between a pod and its own node (an
 * address equal to the pod's {@code status.hostIP}, or a hostNetwork pod on that node). hostNetwork
 * pods are never isolated and never matched by selectors, only by ipBlock on their IP.
 *
 * <p>An {@link Endpoint.Address} equal to the IP of a pod that is not hostNetwork is that pod: it
 * is evaluated exactly as the corresponding {@link Endpoint.PodRef}. ipBlocks also match pods by
 * their IPs (any of them); a pod without an IP (a manifest template) is never matched by an
 * ipBlock.
 */
public final class PolicyEngine {
  // What explain() and allowedConnections() walk: pods, compiled policies, who selects whom.
  private final PodInfo[] pods;
  private final NamedPorts[] namedPorts;
  private final CompiledPolicy[] policies;
  private final int[][] ingressOf;
  private final int[][] egressOf;
  private final AddressSpace space;
  private final Map<IpKey, Integer> byIp;

  // The same, flattened for allows().
  private final PodTable byName;
  private final Ipv4PodTable v4Pods;
  private final boolean[] hostNetwork;
  private final DecisionIndex index;

  PolicyEngine(
      PodInfo[] pods,
      NamedPorts[] namedPorts,
      Map<IpKey, Integer> byIp,
      CompiledPolicy[] policies,
      int[][] ingressOf,
      int[][] egressOf,
      AddressSpace space) {
    this.pods = pods;
    this.namedPorts = namedPorts;
    this.hostNetwork = new boolean[pods.length];
    for (int i = 0; i < pods.length; i++) {
      hostNetwork[i] = pods[i].hostNetwork();
    }
    this.index =
        new DecisionIndex(policies, ingressOf, egressOf, namedPorts, hostNetwork, space.size());
    this.byName =
        new PodTable(
            Arrays.stream(pods).map(PodInfo::ref).toList(),
            IntStream.range(0, pods.length).mapToObj(index::hot).toArray(int[][]::new));
    this.byIp = byIp;
    this.v4Pods =
        new Ipv4PodTable(
            byIp.entrySet().stream()
                .filter(e -> !e.getKey().v6())
                .map(e -> new long[] {e.getKey().lo(), e.getValue()})
                .toArray(long[][]::new));
    this.policies = policies;
    this.ingressOf = ingressOf;
    this.egressOf = egressOf;
    this.space = space;
  }

  /**
   * Validates and indexes a snapshot.
   *
   * @throws InvalidPolicyException naming the object and field of the first invalid one
   */
  public static PolicyEngine build(ClusterSnapshot snapshot) {
    return PolicyEngineBuilder.build(snapshot);
  }

  /**
   * Whether the connection is allowed.
   *
   * @throws IllegalArgumentException if a {@link Endpoint.PodRef} names no pod of the snapshot
   */
  public boolean allows(Connection c) {
    int protocol = c.protocol().ordinal();
    int port = c.port();
    if (c.source() instanceof Endpoint.PodRef src
        && c.destination() instanceof Endpoint.PodRef dst) {
      return allowsPodRefs(src, dst, protocol, port);
    }
    int s = peer(c.source());
    int d = peer(c.destination());
    if (s >= 0 && d >= 0) {
      return allowsPods(s, d, protocol, port);
    }
    if (s < 0 && d < 0) {
      return true;
    }
    if (s >= 0) {
      return isNodeOf(s, c.destination()) || index.podToAddress(s, ~d, protocol, port);
    }
    return isNodeOf(d, c.source()) || index.addressToPod(~s, d, protocol, port);
  }

  /** The hot path: two named pods, their decision data read from the pod table's slots. */
  private boolean allowsPodRefs(Endpoint.PodRef src, Endpoint.PodRef dst, int protocol, int port) {
    int s = byName.find(src.namespace(), src.name());
    int d = byName.find(dst.namespace(), dst.name());
    if (s < 0 || d < 0) {
      throw unknown(s < 0 ? src : dst);
    }
    if (s == d) {
      return true;
    }
    int[] hot = byName.hot;
    if ((DecisionIndex.isHostNetwork(hot, s) || DecisionIndex.isHostNetwork(hot, d))
        && nodeTraffic(pods[byName.pod(s)], pods[byName.pod(d)])) {
      return true;
    }
    return index.podToPod(hot, s, hot, d, protocol, port);
  }

  /** {@link #resolve} without allocation: a pod index or ~address class. */
  private int peer(Endpoint e) {
    if (e instanceof Endpoint.PodRef ref) {
      return podIndex(ref);
    }
    IPAddress ip = ((Endpoint.Address) e).ip();
    if (ip instanceof IPv4Address v4) {
      long value = v4.longValue();
      int pod = v4Pods.get(value);
      return pod >= 0 ? pod : ~space.classOfV4(value);
    }
    IpKey key = IpKey.of(ip);
    Integer pod = byIp.get(key);
    return pod != null ? pod : ~space.classOf(key);
  }

  /** Whether {@code address} (an Address endpoint) is the node the pod runs on. */
  private boolean isNodeOf(int pod, Endpoint address) {
    IpKey host = pods[pod].hostIp();
    if (host == null) {
      return false;
    }
    IPAddress ip = ((Endpoint.Address) address).ip();
    if (ip instanceof IPv4Address v4) {
      return !host.v6() && host.lo() == v4.longValue();
    }
    return host.equals(IpKey.of(ip));
  }

  /** The same verdict as {@link #allows(Connection)}, with the reasons. */
  public Decision explain(Connection c) {
    return new Explainer(this).explain(c);
  }

  /**
   * Every (protocol, port) that {@code source} may open to {@code destination}: the source's egress
   * intersected with the destination's ingress, named ports resolved on the destination.
   */
  public ConnectionSet allowedConnections(Endpoint source, Endpoint destination) {
    Resolved s = resolve(source);
    Resolved d = resolve(destination);
    if (special(s, d) != null) {
      return ConnectionSet.all();
    }
    ConnectionSet egress = s.isPod() ? egressSet(s.peer, d.peer) : ConnectionSet.all();
    ConnectionSet ingress = d.isPod() ? ingressSet(d.peer, s.peer) : ConnectionSet.all();
    return egress.intersect(ingress);
  }

  /**
   * A partition of the whole IPv4 space, then the whole IPv6 space, into maximal ranges inside
   * which every ipBlock cidr and except of every policy agrees, sorted. Every address of a range
   * that is no pod's IP gets the same verdicts; pick a representative that is not a pod IP.
   */
  public List<IPAddressSeqRange> externalRanges() {
    return space.ranges();
  }

  // ---- the fast path ------------------------------------------------------------------------

  private boolean allowsPods(int s, int d, int protocol, int port) {
    if (s == d) {
      return true;
    }
    if ((hostNetwork[s] || hostNetwork[d]) && nodeTraffic(pods[s], pods[d])) {
      return true;
    }
    return index.podToPod(s, d, protocol, port);
  }

  ConnectionSet egressSet(int src, int dstPeer) {
    int[] selecting = egressOf[src];
    if (selecting.length == 0) {
      return ConnectionSet.all();
    }
    NamedPorts dstPorts = dstPeer >= 0 ? namedPorts[dstPeer] : NamedPorts.NONE;
    return union(selecting, true, dstPeer, dstPorts);
  }

  ConnectionSet ingressSet(int dst, int srcPeer) {
    int[] selecting = ingressOf[dst];
    if (selecting.length == 0) {
      return ConnectionSet.all();
    }
    return union(selecting, false, srcPeer, namedPorts[dst]);
  }

  private ConnectionSet union(int[] selecting, boolean egress, int peer, NamedPorts dstPorts) {
    ConnectionSet out = ConnectionSet.none();
    for (int p : selecting) {
      for (CompiledRule r : egress ? policies[p].egress : policies[p].ingress) {
        if (r.matchesPeer(peer)) {
          out = out.union(r.ports.resolve(dstPorts));
          if (out.isAll()) {
            return out;
          }
        }
      }
    }
    return out;
  }

  // ---- resolution and the always-allowed cases ----------------------------------------------

  /** An endpoint as a peer code (pod index, or ~address class) plus its address if it had one. */
  record Resolved(int peer, IpKey address) {
    boolean isPod() {
      return peer >= 0;
    }
  }

  Resolved resolve(Endpoint e) {
    return new Resolved(peer(e), e instanceof Endpoint.Address a ? IpKey.of(a.ip()) : null);
  }

  private int podIndex(Endpoint.PodRef ref) {
    int offset = byName.find(ref.namespace(), ref.name());
    if (offset < 0) {
      throw unknown(ref);
    }
    return byName.pod(offset);
  }

  private static IllegalArgumentException unknown(Endpoint.PodRef ref) {
    return new IllegalArgumentException("unknown pod " + ref + ": not in the cluster snapshot");
  }

  /** Why a connection is allowed regardless of policies, or null. */
  String special(Resolved s, Resolved d) {
    if (s.isPod() && d.isPod()) {
      if (s.peer == d.peer) {
        return "same pod: a pod may always reach itself";
      }
      PodInfo src = pods[s.peer];
      PodInfo dst = pods[d.peer];
      if (nodeTraffic(src, dst)) {
        PodInfo host = src.hostNetwork() ? src : dst;
        PodInfo other = host == src ? dst : src;
        return "node traffic: hostNetwork pod "
            + host.ref()
            + " runs on the node of "
            + other.ref()
            + ", always allowed";
      }
      return null;
    }
    if (!s.isPod() && !d.isPod()) {
      return "no policy applies: neither side is a pod";
    }
    PodInfo pod = pods[s.isPod() ? s.peer : d.peer];
    IpKey other = s.isPod() ? d.address : s.address;
    if (other.equals(pod.hostIp())) {
      return "node traffic: " + other + " is the node of " + pod.ref() + ", always allowed";
    }
    return null;
  }

  private static boolean nodeTraffic(PodInfo a, PodInfo b) {
    return (b.hostNetwork() && b.isNodeAddress(a.hostIp()))
        || (a.hostNetwork() && a.isNodeAddress(b.hostIp()));
  }

  // ---- read access for the explainer --------------------------------------------------------

  PodInfo pod(int index) {
    return pods[index];
  }

  NamedPorts namedPorts(int pod) {
    return namedPorts[pod];
  }

  CompiledPolicy policy(int index) {
    return policies[index];
  }

  int[] ingressPolicies(int pod) {
    return ingressOf[pod];
  }

  int[] egressPolicies(int pod) {
    return egressOf[pod];
  }
}
