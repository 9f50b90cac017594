package dev.netseg.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A SegmentationProfile asks netseg to learn the connections of the workloads in its namespace and
 * to propose (Observe) or maintain (Enforce) least-privilege NetworkPolicies for them.
 */
@Group(SegmentationProfile.GROUP)
@Version(SegmentationProfile.VERSION)
@Kind(SegmentationProfile.KIND)
@Plural(SegmentationProfile.PLURAL)
@Singular("segmentationprofile")
@ShortNames({"segprof", "sgp"})
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode")
@AdditionalPrinterColumn(
    name = "Workloads",
    jsonPath = ".status.workloads",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Policies",
    jsonPath = ".status.policies",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Edges",
    jsonPath = ".status.learnedEdges",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Blocked",
    jsonPath = ".status.blockedFlowCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SegmentationProfile
    extends CustomResource<SegmentationProfileSpec, SegmentationProfileStatus>
    implements Namespaced {
  public static final String GROUP = "netseg.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "SegmentationProfile";
  public static final String PLURAL = "segmentationprofiles";
  private static final long serialVersionUID = 1L;

  @Override
  protected SegmentationProfileSpec initSpec() {
    return new SegmentationProfileSpec();
  }
}
