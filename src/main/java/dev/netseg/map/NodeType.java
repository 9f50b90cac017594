package dev.netseg.map;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a map node stands for. */
public enum NodeType {
  /** A workload of the input. */
  WORKLOAD,
  /** A Service a flow names that the input does not hold (cluster DNS, another team's API). */
  SERVICE,
  /** An address range outside the cluster. */
  EXTERNAL,
  /** The whole outside world: where exposed Services are reached from. */
  WORLD;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
