package dev.netseg.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of durations that people write: in the profile ({@code
 * spec.learning.minimumLearningPeriod}), the Helm values and the operator's flags. The Kubernetes
 * style ({@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 7d}: whole numbers with the units ms, s,
 * m, h, d, largest first or not) and, as an alternative, ISO-8601 in capitals ({@code PT30S},
 * {@code PT0.5S}, {@code P1DT2H}). Never negative.
 */
public final class Durations {
  /** How a duration is written, for messages. */
  public static final String EXAMPLES = "for example 30s, 1h30m, 7d or PT30S";

  private static final Pattern KUBERNETES = Pattern.compile("([0-9]+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration {@code text} means, or empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (KUBERNETES.matcher(text).matches()) {
      return kubernetes(text);
    }
    if (text.startsWith("P") && text.equals(text.toUpperCase(Locale.ROOT))) {
      return iso(text);
    }
    return Optional.empty();
  }

  private static Optional<Duration> kubernetes(String text) {
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  default -> Duration.ofDays(n);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  private static Optional<Duration> iso(String text) {
    try {
      Duration d = Duration.parse(text);
      return d.isNegative() ? Optional.empty() : Optional.of(d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
