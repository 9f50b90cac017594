package dev.netseg.flows;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which pod held which IP when. Pod IPs are reused once a pod is gone, so a flow that names only
 * addresses is resolved at the time it was seen, never against today's pods.
 *
 * <p>An interval is {@code [from, to)}, {@code to} null while the pod lives. Recording the same pod
 * and start again replaces the interval (a pod seen alive, then seen deleted). If intervals of
 * different pods overlap (an informer behind, a finished pod still listed with its old IP), the pod
 * that started last wins: an address has one holder at a time, and the newest one is the one that
 * can still hold it. Thread-safe: the informer records while sources resolve.
 */
public final class PodIpHistory {

  /** One holding of an address. */
  private record Holding(PodKey pod, Instant from, Instant to) {
    boolean covers(Instant when) {
      return !when.isBefore(from) && (to == null || when.isBefore(to));
    }
  }

  private final AddressCache addresses;
  private final ConcurrentHashMap<String, Holding[]> byIp = new ConcurrentHashMap<>();

  public PodIpHistory() {
    this(new AddressCache());
  }

  PodIpHistory(AddressCache addresses) {
    this.addresses = addresses;
  }

  /**
   * Records that {@code pod} held {@code ip} from {@code from} until {@code toOrNull} (null: still
   * holds it).
   *
   * @throws IllegalArgumentException if {@code ip} is not a single address or the interval ends
   *     before it starts
   */
  public void record(String ip, PodKey pod, Instant from, Instant toOrNull) {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(from, "from");
    AddressCache.Parsed parsed = addresses.parse(Objects.requireNonNull(ip, "ip"));
    if (parsed == null) {
      throw new IllegalArgumentException("not an IP address: '" + ip + "' (pod " + pod + ")");
    }
    if (toOrNull != null && toOrNull.isBefore(from)) {
      throw new IllegalArgumentException(
          "pod " + pod + " holds " + ip + " until " + toOrNull + ", before " + from);
    }
    Holding holding = new Holding(pod, from, toOrNull);
    byIp.compute(
        parsed.canonical(),
        (key, old) -> {
          List<Holding> list = old == null ? new ArrayList<>(1) : new ArrayList<>(List.of(old));
          list.removeIf(h -> h.pod.equals(pod) && h.from.equals(from));
          list.add(holding);
          list.sort((a, b) -> a.from.compareTo(b.from));
          return list.toArray(Holding[]::new);
        });
  }

  /** The pod that held {@code ip} at {@code when}; empty for no pod or an invalid address. */
  public Optional<PodKey> at(String ip, Instant when) {
    AddressCache.Parsed parsed = addresses.parse(ip);
    if (parsed == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(holder(parsed.canonical(), when));
  }

  /** The pod that held the address written canonically as {@code canonical} at {@code when}. */
  PodKey holder(String canonical, Instant when) {
    Holding[] holdings = byIp.get(canonical);
    if (holdings == null) {
      return null;
    }
    for (int i = holdings.length - 1; i >= 0; i--) { // latest start first
      if (holdings[i].covers(when)) {
        return holdings[i].pod;
      }
    }
    return null;
  }

  /**
   * Records a pod object's addresses: held from {@code status.startTime} (else its creation) until
   * its {@code deletionTimestamp}, or for a finished pod (Succeeded, Failed) until its last
   * container finished; pods on the host network are left out, their address is the node's.
   *
   * @return the number of addresses recorded (0 when the pod has none yet, or no usable times)
   */
  public int recordPod(Pod pod) {
    if (pod.getMetadata() == null || pod.getStatus() == null) {
      return 0;
    }
    if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return 0;
    }
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Instant from = time(pod.getStatus().getStartTime());
    if (from == null) {
      from = time(pod.getMetadata().getCreationTimestamp());
    }
    if (namespace == null || name == null || from == null) {
      return 0;
    }
    Instant to = time(pod.getMetadata().getDeletionTimestamp());
    String phase = pod.getStatus().getPhase();
    if (to == null && ("Succeeded".equals(phase) || "Failed".equals(phase))) {
      to = lastFinish(pod.getStatus().getContainerStatuses());
    }
    if (to != null && to.isBefore(from)) {
      to = from;
    }
    Set<String> ips = new LinkedHashSet<>();
    if (pod.getStatus().getPodIPs() != null) {
      for (PodIP podIp : pod.getStatus().getPodIPs()) {
        if (podIp != null && podIp.getIp() != null) {
          ips.add(podIp.getIp());
        }
      }
    }
    if (pod.getStatus().getPodIP() != null) {
      ips.add(pod.getStatus().getPodIP());
    }
    PodKey key = new PodKey(namespace, name);
    int recorded = 0;
    for (String ip : ips) {
      if (addresses.parse(ip) != null) {
        record(ip, key, from, to);
        recorded++;
      }
    }
    return recorded;
  }

  /**
   * Forgets holdings that ended before {@code cutoff}: flows older than that can no longer be
   * resolved by address. Keeps memory bounded by the pods of the retention window.
   *
   * @return the number of holdings forgotten
   */
  public int forgetEndedBefore(Instant cutoff) {
    int[] removed = {0};
    for (String ip : byIp.keySet()) {
      byIp.computeIfPresent(
          ip,
          (key, old) -> {
            Holding[] kept =
                Arrays.stream(old)
                    .filter(h -> h.to == null || !h.to.isBefore(cutoff))
                    .toArray(Holding[]::new);
            removed[0] += old.length - kept.length;
            return kept.length == 0 ? null : kept;
          });
    }
    return removed[0];
  }

  /** The number of holdings recorded. */
  public int size() {
    return byIp.values().stream().mapToInt(h -> h.length).sum();
  }

  private static Instant lastFinish(List<ContainerStatus> statuses) {
    Instant last = null;
    if (statuses != null) {
      for (ContainerStatus s : statuses) {
        if (s != null && s.getState() != null && s.getState().getTerminated() != null) {
          Instant t = time(s.getState().getTerminated().getFinishedAt());
          if (t != null && (last == null || t.isAfter(last))) {
            last = t;
          }
        }
      }
    }
    return last;
  }

  private static Instant time(String text) {
    return text == null ? null : Rfc3339.parse(text);
  }
}
