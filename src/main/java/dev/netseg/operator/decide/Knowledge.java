package dev.netseg.operator.decide;

import java.time.Instant;
import java.util.List;

/**
 * How complete netseg's knowledge of a profile's flows is right now.
 *
 * @param learningSince when learning started for the profile
 * @param unavailableSources configured flow sources the profile uses that are down, with why
 */
public record Knowledge(Instant learningSince, List<String> unavailableSources) {
  public Knowledge {
    unavailableSources = List.copyOf(unavailableSources);
  }
}
