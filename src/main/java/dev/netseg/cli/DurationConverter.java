package dev.netseg.cli;

import dev.netseg.time.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Duration flags in the style of the CRD and the Helm chart ({@code 30s}, {@code 1h30m}, {@code
 * 7d}), or ISO-8601 ({@code PT30S}). picocli names the flag in front of the message.
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "\"%s\" is not a duration (%s)".formatted(value, Durations.EXAMPLES)));
  }
}
