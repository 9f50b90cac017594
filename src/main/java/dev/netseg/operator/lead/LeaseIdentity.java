package dev.netseg.operator.lead;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The name this replica writes into the Lease as its holder: the pod's name (the chart passes it
 * through the downward API as {@code POD_NAME}), so that {@code kubectl get lease} shows which pod
 * leads; else {@code HOSTNAME} (a pod's host name is its name); else a random name, which only a
 * process outside a pod without either variable gets.
 */
public final class LeaseIdentity {
  private LeaseIdentity() {}

  public static String of(Map<String, String> environment) {
    return Optional.ofNullable(environment.get("POD_NAME"))
        .filter(n -> !n.isBlank())
        .or(() -> Optional.ofNullable(environment.get("HOSTNAME")).filter(n -> !n.isBlank()))
        .orElseGet(() -> "netseg-" + UUID.randomUUID());
  }
}
