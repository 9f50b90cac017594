package dev.netseg.segment;

import dev.netseg.policy.Protocol;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One rule between zones. {@code from} and {@code to} name a segment, {@code unsegmented}, {@code
 * external} or {@code *} (any zone). A rule without ports covers every protocol and port.
 *
 * @param index the rule's position in its rule set, for reports ({@code rules[2]})
 */
public record SegmentRule(int index, Action action, String from, String to, List<PortMatch> ports) {

  /** What the rule does. */
  public enum Action {
    /** Permits the flows it matches (in {@code intent} mode, the only way across zones). */
    ALLOW,
    /** A guardrail: the flows it matches are refused, whatever their evidence. */
    DENY
  }

  public SegmentRule {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    ports = List.copyOf(ports);
  }

  public boolean matches(String fromZone, String toZone, Protocol protocol, int port) {
    return zone(from, fromZone)
        && zone(to, toZone)
        && (ports.isEmpty() || ports.stream().anyMatch(p -> p.matches(protocol, port)));
  }

  private static boolean zone(String pattern, String zone) {
    return pattern.equals(Segmentation.ANY) || pattern.equals(zone);
  }

  /** {@code rules[1] deny web -> data} or {@code rules[0] allow web -> app TCP 8080}. */
  public String describe() {
    return "rules["
        + index
        + "] "
        + action.name().toLowerCase(Locale.ROOT)
        + " "
        + from
        + " -> "
        + to
        + (ports.isEmpty()
            ? ""
            : " " + ports.stream().map(PortMatch::toString).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return describe();
  }
}
