package dev.netseg.policy;

import java.util.Locale;
import java.util.Optional;

/** The L4 protocols a NetworkPolicy port can name. */
public enum Protocol {
  TCP,
  UDP,
  SCTP;

  /** Parses a protocol name case-insensitively; empty if it is not one of TCP, UDP, SCTP. */
  public static Optional<Protocol> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
