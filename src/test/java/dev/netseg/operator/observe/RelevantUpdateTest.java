package dev.netseg.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelevantUpdateTest {
  private static final Pod POD =
      Serialization.unmarshal(
          """
          apiVersion: v1
          kind: Pod
          metadata:
            name: web-1
            namespace: shop
            resourceVersion: "10"
            labels: {app: web}
            annotations: {netseg.dev/egress: db}
            ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d, uid: u1}]
          spec:
            containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]
          status:
            phase: Running
            podIP: 10.0.0.5
            podIPs: [{ip: 10.0.0.5}]
            conditions: [{type: Ready, status: "True"}]
            containerStatuses: [{name: web, ready: true, restartCount: 0}]
          """,
          Pod.class);

  private static final Deployment DEPLOYMENT =
      Serialization.unmarshal(
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: shop, resourceVersion: "7", generation: 1}
          spec:
            replicas: 3
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec: {containers: [{name: web, image: web}]}
          status: {replicas: 3, readyReplicas: 3}
          """,
          Deployment.class);

  private static final Service SERVICE =
      Serialization.unmarshal(
          """
          apiVersion: v1
          kind: Service
          metadata: {name: web, namespace: shop, resourceVersion: "3"}
          spec:
            selector: {app: web}
            ports: [{name: http, port: 80, targetPort: http}]
          status: {loadBalancer: {}}
          """,
          Service.class);

  static Stream<Arguments> updates() {
    return Stream.of(
        // Pods: netseg reads labels, annotations, owners, the spec, addresses and phase.
        pod(
            "resourceVersion only",
            false,
            b -> b.editMetadata().withResourceVersion("11").endMetadata()),
        pod(
            "readiness",
            false,
            b ->
                b.editStatus().editFirstCondition().withStatus("False").endCondition().endStatus()),
        pod(
            "a restart",
            false,
            b ->
                b.editStatus()
                    .editFirstContainerStatus()
                    .withRestartCount(1)
                    .endContainerStatus()
                    .endStatus()),
        pod(
            "the pod IP",
            true,
            b ->
                b.editStatus()
                    .withPodIP("10.0.0.6")
                    .withPodIPs()
                    .addNewPodIP("10.0.0.6")
                    .endStatus()),
        pod("the phase", true, b -> b.editStatus().withPhase("Succeeded").endStatus()),
        pod("a label", true, b -> b.editMetadata().addToLabels("tier", "front").endMetadata()),
        pod(
            "an annotation",
            true,
            b -> b.editMetadata().addToAnnotations("netseg.dev/egress", "cache").endMetadata()),
        pod(
            "a container port",
            true,
            b ->
                b.editSpec()
                    .editFirstContainer()
                    .editFirstPort()
                    .withContainerPort(9090)
                    .endPort()
                    .endContainer()
                    .endSpec()),
        pod(
            "deletion",
            true,
            b -> b.editMetadata().withDeletionTimestamp("2026-11-27T21:00:00Z").endMetadata()),
        // Controllers and the rest: everything but status.
        deployment(
            "rollout progress (status)",
            false,
            b -> b.editStatus().withReadyReplicas(2).endStatus()),
        deployment(
            "the template",
            true,
            b ->
                b.editSpec()
                    .editTemplate()
                    .editMetadata()
                    .addToLabels("v", "2")
                    .endMetadata()
                    .endTemplate()
                    .endSpec()),
        deployment("scaling", true, b -> b.editSpec().withReplicas(5).endSpec()),
        service(
            "a load balancer address (status)",
            false,
            b ->
                b.editStatus()
                    .editLoadBalancer()
                    .addNewIngress()
                    .withIp("203.0.113.9")
                    .endIngress()
                    .endLoadBalancer()
                    .endStatus()),
        service(
            "a port",
            true,
            b -> b.editSpec().addNewPort().withName("metrics").withPort(9090).endPort().endSpec()));
  }

  @ParameterizedTest(name = "{0}: relevant = {1}")
  @MethodSource("updates")
  void anUpdateIsRelevantWhenItChangesWhatNetsegReads(
      String what, boolean relevant, HasMetadata old, HasMetadata updated) {
    assertThat(RelevantUpdate.changes(updated, old)).isEqualTo(relevant);
    assertThat(RelevantUpdate.changes(old, old)).isFalse();
  }

  private static Arguments pod(String what, boolean relevant, UnaryOperator<PodBuilder> change) {
    return Arguments.of(what, relevant, POD, change.apply(new PodBuilder(POD)).build());
  }

  private static Arguments deployment(
      String what, boolean relevant, UnaryOperator<DeploymentBuilder> change) {
    return Arguments.of(
        what, relevant, DEPLOYMENT, change.apply(new DeploymentBuilder(DEPLOYMENT)).build());
  }

  private static Arguments service(
      String what, boolean relevant, UnaryOperator<ServiceBuilder> change) {
    return Arguments.of(what, relevant, SERVICE, change.apply(new ServiceBuilder(SERVICE)).build());
  }
}
