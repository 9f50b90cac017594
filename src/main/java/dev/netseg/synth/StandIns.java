package dev.netseg.synth;

import dev.netseg.infer.SelectorPeer;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods that stand for the groups of pods flows name but the input does not hold (the cluster DNS
 * behind kube-system/kube-dns, the ingress controller): one pod per group, in its namespace, with
 * exactly the labels the policies select it by, so that a flow to or from it can be judged like any
 * other. A group whose selector has expressions is left out (no one set of labels stands for it):
 * its flows stay unjudged.
 */
public final class StandIns {
  private StandIns() {}

  public static Map<WorkloadRef, Pod> pods(List<SelectorPeer> peers) {
    Map<WorkloadRef, Pod> out = new LinkedHashMap<>();
    for (SelectorPeer peer : peers) {
      LabelSelector selector = peer.podSelector();
      boolean expressions =
          selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty();
      if (expressions || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
        continue;
      }
      out.put(
          peer.ref(),
          new PodBuilder()
              .withNewMetadata()
              .withNamespace(peer.ref().namespace())
              .withName(peer.ref().name())
              .withLabels(selector.getMatchLabels())
              .endMetadata()
              .build());
    }
    return out;
  }
}
