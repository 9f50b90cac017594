package dev.netseg.infer;

import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Objects;

/**
 * A group of pods that flows may name but that is not a workload of the input, so it is known only
 * by a label selector in a namespace: the cluster DNS pods behind {@code kube-system/kube-dns} (ref
 * kind {@code Service}) or the configured ingress controller (ref kind {@value
 * #INGRESS_CONTROLLER}). Its {@code ref} appears as a {@code Peer.WorkloadPeer} in flows; the
 * synthesizer renders it with this selector.
 */
public record SelectorPeer(WorkloadRef ref, LabelSelector podSelector) {
  /** The ref kind of the configured ingress controller. */
  public static final String INGRESS_CONTROLLER = "IngressController";

  /** The ref kind of the pods behind a Service (the cluster DNS). */
  public static final String SERVICE = "Service";

  public SelectorPeer {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(podSelector, "podSelector");
  }
}
