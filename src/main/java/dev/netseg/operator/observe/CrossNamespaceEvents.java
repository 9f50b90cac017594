package dev.netseg.operator.observe;

import dev.netseg.operator.crd.SegmentationProfile;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Collection;
import java.util.Set;

/**
 * Asks for a reconcile of other profiles: the ones at the other end of flows whose shape a
 * reconcile found changed ({@link FlowLinks#update}). JOSDK merges these with the events already
 * queued for the same profile.
 */
final class CrossNamespaceEvents extends AbstractEventSource<Void, SegmentationProfile> {
  CrossNamespaceEvents() {
    super(Void.class, "CrossNamespaceFlows");
  }

  void reconcile(Collection<ResourceID> profiles) {
    if (!isRunning()) {
      return;
    }
    profiles.forEach(id -> getEventHandler().handleEvent(new Event(id)));
  }

  @Override
  public Set<Void> getSecondaryResources(SegmentationProfile primary) {
    return Set.of();
  }
}
