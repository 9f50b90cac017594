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
 * The policies a profile proposes (in Observe mode, or while a change is held), as YAML that a
 * person can review with {@code kubectl get policyproposal -o yaml} or {@code netseg proposal}.
 */
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
}
