package dev.netseg.it;

import dev.netseg.operator.OperatorConfig;
import dev.netseg.operator.OperatorRuntime;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.learn.LearnedFlows;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator started in-process as in production (server-side apply, no flow sources, no leader
 * election: one replica), watching the given namespaces with the given client, plus the reads a
 * test needs to see what it did (as admin).
 */
final class RunningOperator implements AutoCloseable {
  private final OperatorRuntime runtime;
  private final KubernetesClient admin;

  private RunningOperator(OperatorRuntime runtime, KubernetesClient admin) {
    this.runtime = runtime;
    this.admin = admin;
  }

  static RunningOperator start(
      KubernetesClient operatorClient, KubernetesClient admin, Collection<String> namespaces) {
    OperatorConfig config =
        new OperatorConfig(
            Set.copyOf(namespaces),
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(30),
            Duration.ZERO); // no warm-up: tests post flows and check what follows at once
    try {
      return new RunningOperator(
          OperatorRuntime.start(
              config,
              operatorClient,
              WriteMode.SERVER_SIDE_APPLY,
              LearnedFlows.NONE,
              Clock.systemUTC()),
          admin);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator's HTTP endpoints", e);
    }
  }

  List<NetworkPolicy> policies(String namespace) {
    return admin.network().v1().networkPolicies().inNamespace(namespace).list().getItems();
  }

  Optional<NetworkPolicy> policy(String namespace, String name) {
    return Optional.ofNullable(
        admin.network().v1().networkPolicies().inNamespace(namespace).withName(name).get());
  }

  SegmentationProfile profile(String namespace, String name) {
    return admin.resources(SegmentationProfile.class).inNamespace(namespace).withName(name).get();
  }

  Optional<Condition> condition(String namespace, String profile, String type) {
    SegmentationProfile p = profile(namespace, profile);
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The reason of the condition, or "" while it is not set. */
  String reason(String namespace, String profile, String type) {
    return condition(namespace, profile, type).map(Condition::getReason).orElse("");
  }

  @Override
  public void close() {
    runtime.close();
  }
}
