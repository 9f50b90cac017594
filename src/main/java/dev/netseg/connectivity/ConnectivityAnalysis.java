package dev.netseg.connectivity;

import dev.netseg.manifest.Manifests;
import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.PortRange;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddressSeqRange;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which workload may open which connections to which, and to and from the outside world, as the
 * NetworkPolicies in a set of manifests decide it. Each workload's pod template stands for its
 * pods. Pure: manifests in, lines out.
 */
public final class ConnectivityAnalysis {
  private final boolean explain;

  /**
   * @param explain also collect, per pair, the reasons behind the verdict
   */
  public ConnectivityAnalysis(boolean explain) {
    this.explain = explain;
  }

  /**
   * The lines for every ordered pair with something allowed (with {@code explain}, also the
   * workload pairs with nothing allowed), sorted. A workload to itself is left out.
   *
   * @throws dev.netseg.policy.InvalidPolicyException for a policy the API server would reject
   */
  public List<ConnectivityLine> analyze(Manifests manifests) {
    return analyze(manifests, Optional.empty());
  }

  /**
   * The partition of the address space by the ipBlocks of {@code manifests}' policies (see {@link
   * PolicyEngine#externalRanges()}), for comparing two policy sets on common ranges.
   */
  public static List<IPAddressSeqRange> externalRanges(Manifests manifests) {
    return PolicyEngine.build(
            new ClusterSnapshot(manifests.namespaces(), List.of(), manifests.networkPolicies()))
        .externalRanges();
  }

  /**
   * Like {@link #analyze(Manifests)}, but with external addresses cut into exactly the given ranges
   * (one line per range, adjacent ranges never merged), so that two analyses line up.
   */
  public List<ConnectivityLine> analyze(
      Manifests manifests, Optional<List<IPAddressSeqRange>> partition) {
    return analyze(WorkloadConnectivity.of(manifests), partition);
  }

  /**
   * The lines of an engine view already built (the map judges flows on the same one), external
   * addresses as {@link #analyze(Manifests)} cuts them; pods standing in for peers outside the
   * manifests are no workloads and get no lines.
   */
  public List<ConnectivityLine> analyze(WorkloadConnectivity view) {
    return analyze(view, Optional.empty());
  }

  private List<ConnectivityLine> analyze(
      WorkloadConnectivity view, Optional<List<IPAddressSeqRange>> partition) {
    List<Workload> workloads = view.workloads();
    Map<WorkloadRef, Endpoint.PodRef> endpoints = view.endpoints();
    PolicyEngine engine = view.engine();

    List<ConnectivityLine> lines = new ArrayList<>();
    for (Workload src : workloads) {
      for (Workload dst : workloads) {
        if (src == dst) {
          continue;
        }
        Endpoint s = endpoints.get(src.ref());
        Endpoint d = endpoints.get(dst.ref());
        ConnectionSet allowed = engine.allowedConnections(s, d);
        if (!allowed.isEmpty() || explain) {
          lines.add(
              new ConnectivityLine(
                  src.ref().toString(),
                  dst.ref().toString(),
                  allowed,
                  explain ? reasons(engine, s, d, allowed, dst) : List.of()));
        }
      }
    }
    List<IPAddressSeqRange> ranges = partition.orElseGet(engine::externalRanges);
    boolean coalesce = partition.isEmpty();
    for (Workload w : workloads) {
      Endpoint pod = endpoints.get(w.ref());
      addExternal(lines, engine, ranges, w, pod, true, coalesce);
      addExternal(lines, engine, ranges, w, pod, false, coalesce);
    }
    lines.sort(
        Comparator.comparing(ConnectivityLine::source)
            .thenComparing(ConnectivityLine::destination));
    return List.copyOf(lines);
  }

  /**
   * Adds the lines between a workload and the outside: one per run of adjacent external ranges with
   * the same allowed connections.
   */
  private void addExternal(
      List<ConnectivityLine> lines,
      PolicyEngine engine,
      List<IPAddressSeqRange> ranges,
      Workload workload,
      Endpoint pod,
      boolean outbound,
      boolean coalesce) {
    IPAddressSeqRange runStart = null;
    IPAddressSeqRange runEnd = null;
    ConnectionSet runSet = null;
    for (IPAddressSeqRange range : ranges) {
      Endpoint address = new Endpoint.Address(range.getLower());
      ConnectionSet set =
          outbound
              ? engine.allowedConnections(pod, address)
              : engine.allowedConnections(address, pod);
      boolean continues =
          coalesce
              && runSet != null
              && runSet.equals(set)
              && runEnd.getUpper().isIPv4() == range.getLower().isIPv4()
              && runEnd.getUpper().increment(1).equals(range.getLower());
      if (continues) {
        runEnd = range;
        continue;
      }
      flush(lines, engine, workload, pod, outbound, runStart, runEnd, runSet);
      runStart = range;
      runEnd = range;
      runSet = set;
    }
    flush(lines, engine, workload, pod, outbound, runStart, runEnd, runSet);
  }

  private void flush(
      List<ConnectivityLine> lines,
      PolicyEngine engine,
      Workload workload,
      Endpoint pod,
      boolean outbound,
      IPAddressSeqRange start,
      IPAddressSeqRange end,
      ConnectionSet set) {
    if (set == null || set.isEmpty()) {
      return;
    }
    String external = ExternalEnd.format(start.getLower().spanWithRange(end.getUpper()));
    Endpoint address = new Endpoint.Address(start.getLower());
    List<String> why =
        explain
            ? outbound
                ? reasons(engine, pod, address, set, null)
                : reasons(engine, address, pod, set, workload)
            : List.of();
    String self = workload.ref().toString();
    lines.add(
        outbound
            ? new ConnectivityLine(self, external, set, why)
            : new ConnectivityLine(external, self, set, why));
  }

  /**
   * The engine's explanation of one connection per allowed port range (its first port), or, when
   * nothing is allowed, of a connection to the destination's first declared port (else TCP 80).
   */
  private static List<String> reasons(
      PolicyEngine engine,
      Endpoint src,
      Endpoint dst,
      ConnectionSet allowed,
      Workload dstWorkload) {
    List<String> out = new ArrayList<>();
    if (allowed.isEmpty()) {
      Protocol protocol = Protocol.TCP;
      int port = 80;
      ContainerPort first = firstPort(dstWorkload);
      if (first != null) {
        port = first.getContainerPort();
        protocol = Protocol.parse(first.getProtocol()).orElse(Protocol.TCP);
      }
      out.add(engine.explain(new Connection(src, dst, protocol, port)).explanation());
      return out;
    }
    for (Map.Entry<Protocol, List<PortRange>> e : allowed.ranges().entrySet()) {
      for (PortRange r : e.getValue()) {
        out.add(engine.explain(new Connection(src, dst, e.getKey(), r.from())).explanation());
      }
    }
    return out;
  }

  private static ContainerPort firstPort(Workload w) {
    if (w == null || w.template().getSpec() == null) {
      return null;
    }
    return w.template().getSpec().getContainers().stream()
        .filter(c -> c.getPorts() != null)
        .flatMap(c -> c.getPorts().stream())
        .filter(p -> p.getContainerPort() != null)
        .findFirst()
        .orElse(null);
  }
}
