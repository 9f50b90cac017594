package dev.netseg.map;

import java.util.List;

/**
 * One port (or range) of an edge with what the map says of it.
 *
 * @param port a number, {@code first-last}, or {@code all}
 * @param provenance the evidence that asks for it (empty for a hole)
 * @param explanation the rule that allows or denies it, in {@code connectivity --explain}'s words
 */
public record MapPort(
    String protocol,
    String port,
    EdgeStatus status,
    boolean observed,
    List<String> provenance,
    String explanation) {
  public MapPort {
    provenance = List.copyOf(provenance);
  }
}
