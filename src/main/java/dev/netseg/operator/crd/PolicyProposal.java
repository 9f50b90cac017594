package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
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
 * The policies a profile proposes (in Observe mode, or while a change is held), as YAML that a
 * person can review with {@code kubectl get policyproposal -o yaml} or {@code netseg proposal}.
 */
@SchemaCustomizer(
    value = KindDescription.class,
    input =
        "The NetworkPolicies the SegmentationProfile of the same name proposes (in Observe mode,"
            + " while learning, or while a change is held), for review before enforcing: kubectl"
            + " get policyproposal NAME -o yaml, or netseg proposal NAMESPACE/NAME. Written by"
            + " netseg and owned by the profile, so deleted with it; edits are overwritten.")
// No status: everything is in spec. Left out of the schema, so kubectl explain shows no field
// that is never set.
@SchemaSwap(originalType = PolicyProposal.class, fieldName = "status")
@Group(SegmentationProfile.GROUP)
@Version(SegmentationProfile.VERSION)
@Kind(PolicyProposal.KIND)
@Plural(PolicyProposal.PLURAL)
@Singular("policyproposal")
@ShortNames({"proposal"})
@AdditionalPrinterColumn(
    name = "Policies",
    jsonPath = ".spec.policyCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Blocked",
    jsonPath = ".spec.blockedFlowCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Computed", jsonPath = ".spec.computedAt")
public class PolicyProposal extends CustomResource<PolicyProposalSpec, Void> implements Namespaced {
  public static final String KIND = "PolicyProposal";
  public static final String PLURAL = "policyproposals";
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "The proposed policies, which profile generation they were computed for, and when.")
  public PolicyProposalSpec getSpec() {
    return super.getSpec();
  }
}
