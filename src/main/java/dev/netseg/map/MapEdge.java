package dev.netseg.map;

import java.util.List;

/**
 * The connections from one node to another.
 *
 * @param status the worst status of its ports
 * @param observed whether any of its ports was seen on the wire
 */
public record MapEdge(
    String id,
    String source,
    String target,
    EdgeStatus status,
    boolean observed,
    List<MapPort> ports) {
  public MapEdge {
    ports = List.copyOf(ports);
  }
}
