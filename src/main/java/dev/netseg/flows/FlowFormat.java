package dev.netseg.flows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/** The line formats {@link FlowReader} reads. */
public enum FlowFormat {
  /** Decide from the first line that tells (see {@link #detect}), then keep to that format. */
  AUTO,
  /** {@code hubble observe -o json}, or Cilium's Hubble exporter file. */
  HUBBLE,
  /** The netseg flow format ({@link GenericFlowParser}). */
  GENERIC;

  private static final JsonFactory FACTORY = JsonLines.newFactory();

  /**
   * The format of one line, from its top-level field names: {@code flow}, {@code IP}, {@code l4},
   * {@code source}, {@code destination}, {@code verdict}, {@code node_status} or {@code
   * lost_events} mean Hubble; {@code src} or {@code dst} mean the netseg format; {@code time} and
   * unknown names tell nothing. Empty when the line does not tell (or is not JSON).
   */
  public static Optional<FlowFormat> detect(byte[] buf, int off, int len) {
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        switch (name) {
          case "src":
          case "dst":
            return Optional.of(GENERIC);
          case "flow":
          case "IP":
          case "l4":
          case "source":
          case "destination":
          case "verdict":
          case "node_status":
          case "lost_events":
            return Optional.of(HUBBLE);
          default:
            p.nextToken();
            p.skipChildren();
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
