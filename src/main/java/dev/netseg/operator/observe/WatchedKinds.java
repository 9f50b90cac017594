package dev.netseg.operator.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kinds of the cluster a profile's decision reads, and what of them is kept: the operator's
 * informers ({@link ClusterCache}) watch them, and {@code netseg map --profile} lists them, so that
 * both decide on the same objects. Besides these namespaced kinds, every Namespace is read.
 */
public final class WatchedKinds {
  /** The workload controllers: what pods are grouped by. */
  public static final List<Class<? extends HasMetadata>> CONTROLLERS =
      List.of(
          Deployment.class,
          StatefulSet.class,
          DaemonSet.class,
          ReplicaSet.class,
          Job.class,
          CronJob.class);

  /** Every namespaced kind read, in the order the informers are registered. */
  public static final List<Class<? extends HasMetadata>> NAMESPACED =
      Stream.concat(
              Stream.of(
                  Pod.class,
                  Service.class,
                  ConfigMap.class,
                  EndpointSlice.class,
                  Ingress.class,
                  NetworkPolicy.class),
              CONTROLLERS.stream())
          .toList();

  private WatchedKinds() {}

  /**
   * The object with only what netseg reads ({@link Trimming}): a pod's addresses, phase and
   * ConfigMap volumes besides its spec; of anything else all but managed fields and the
   * last-applied annotation. Trims in place where it can.
   */
  @SuppressWarnings("unchecked")
  public static <R extends HasMetadata> R trim(R object) {
    return object instanceof Pod pod ? (R) Trimming.pod(pod) : Trimming.metadata(object);
  }
}
