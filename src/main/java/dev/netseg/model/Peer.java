package dev.netseg.model;

import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Objects;

/** One end of a required flow: a workload of the cluster, or an external address range. */
public sealed interface Peer extends Comparable<Peer> {

  /** A workload. */
  record WorkloadPeer(WorkloadRef workload) implements Peer {
    public WorkloadPeer {
      Objects.requireNonNull(workload, "workload");
    }

    @Override
    public String toString() {
      return workload.toString();
    }
  }

  /**
   * An address or CIDR outside the pod network, with the DNS names it was seen under (may be
   * empty).
   */
  record ExternalPeer(IPAddress cidr, List<String> dnsNames) implements Peer {
    public ExternalPeer {
      Objects.requireNonNull(cidr, "cidr");
      cidr = cidr.toPrefixBlock();
      dnsNames = List.copyOf(dnsNames);
    }

    @Override
    public String toString() {
      return cidr.toCanonicalString();
    }
  }

  /** Workloads first (by their order), then external peers by address. */
  @Override
  default int compareTo(Peer other) {
    if (this instanceof WorkloadPeer a && other instanceof WorkloadPeer b) {
      return a.workload().compareTo(b.workload());
    }
    if (this instanceof ExternalPeer a && other instanceof ExternalPeer b) {
      return a.cidr().compareTo(b.cidr());
    }
    return this instanceof WorkloadPeer ? -1 : 1;
  }
}
