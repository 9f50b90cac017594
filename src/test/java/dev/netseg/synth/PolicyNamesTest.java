package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.workload.WorkloadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyNamesTest {
  private static final String DNS_1123_SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

  @Test
  void namesAreNetsegDashWorkloadAndAddTheKindOnlyOnAClash() {
    WorkloadRef web = new WorkloadRef("shop", "web", "Deployment");
    WorkloadRef webSts = new WorkloadRef("shop", "web", "StatefulSet");
    WorkloadRef cart = new WorkloadRef("shop", "cart", "Deployment");
    WorkloadRef otherNs = new WorkloadRef("data", "web", "StatefulSet");
    Map<WorkloadRef, String> names = PolicyNames.assign(List.of(web, webSts, cart, otherNs));
    assertThat(names)
        .containsEntry(web, "netseg-web-deployment")
        .containsEntry(webSts, "netseg-web-statefulset")
        .containsEntry(cart, "netseg-cart")
        .containsEntry(otherNs, "netseg-web");
  }

  @Test
  void theDefaultDenyNameIsNeverGivenToAWorkload() {
    WorkloadRef w = new WorkloadRef("shop", "default-deny", "Deployment");
    assertThat(PolicyNames.assign(List.of(w))).containsEntry(w, "netseg-default-deny-deployment");
  }

  @Test
  void aDisambiguatedNameThatMeetsAPlainOneGetsAHash() {
    WorkloadRef a = new WorkloadRef("shop", "web", "Deployment");
    WorkloadRef b = new WorkloadRef("shop", "web", "DaemonSet");
    WorkloadRef c = new WorkloadRef("shop", "web-deployment", "Job");
    Map<WorkloadRef, String> names = PolicyNames.assign(List.of(a, b, c));
    assertThat(names.get(b)).isEqualTo("netseg-web-daemonset");
    assertThat(names.get(a)).startsWith("netseg-web-deployment-").hasSize(30);
    assertThat(names.get(c)).startsWith("netseg-web-deployment-").hasSize(30);
    assertThat(names.get(a)).isNotEqualTo(names.get(c));
  }

  @Test
  void longNamesAreCutTo253WithAHashAndStayValid() {
    String longName = "a".repeat(120) + "." + "b".repeat(120) + "-c";
    WorkloadRef one = new WorkloadRef("shop", longName, "Deployment");
    WorkloadRef two = new WorkloadRef("shop", longName + "d", "Deployment");
    Map<WorkloadRef, String> names = PolicyNames.assign(List.of(one, two));
    assertThat(names.values())
        .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(253).matches(DNS_1123_SUBDOMAIN))
        .doesNotHaveDuplicates();
  }
}
