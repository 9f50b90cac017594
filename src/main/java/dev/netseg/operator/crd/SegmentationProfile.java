package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
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
@SchemaCustomizer(
    value = KindDescription.class,
    input =
        "Asks netseg to learn the connections the workloads of its namespace need and to propose"
            + " (mode Observe: in the PolicyProposal of the same name) or write and maintain (mode"
            + " Enforce) least-privilege NetworkPolicies for them. A change that would block a"
            + " required flow is held and reported; status shows what netseg found and did.")
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

  @Override
  @JsonPropertyDescription(
      "The desired segmentation of the profile's namespace: the mode, which workloads, where"
          + " required flows come from, generator options, explicit allowances, exclusions,"
          + " segments and the safety gate.")
  public SegmentationProfileSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by netseg: conditions, counts, the policies it manages, and the required flows"
          + " the proposal would block or the segmentation refuses.")
  public SegmentationProfileStatus getStatus() {
    return super.getStatus();
  }
}
