package dev.netseg.flows;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * RFC 3339 date-times ({@code 2024-05-01T10:00:00.123456789Z}, {@code ...+02:00}), as Hubble and
 * the generic format write them. Read by hand because {@link java.time.Instant#parse} costs about a
 * microsecond, most of the ingestion budget per record, and accepts shapes RFC 3339 does not (an
 * empty fraction). Fractions beyond nanoseconds are truncated; leap seconds are refused.
 */
final class Rfc3339 {
  private Rfc3339() {}

  /** The instant, or null when {@code text} is not an RFC 3339 date-time with an offset. */
  static Instant parse(String text) {
    // A character outside Latin-1 becomes '?', which is refused like any other non-digit.
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return parse(bytes, 0, bytes.length);
  }

  /**
   * The instant written in {@code b[off, off+n)} as ASCII, or null (see {@link #parse(String)}).
   */
  static Instant parse(byte[] b, int off, int n) {
    Text s = new Text(b, off);
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (s.charAt(10) != 'T' && s.charAt(10) != 't')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null; // a non-digit
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null; // LocalDate checks the date
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (i - start < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i >= n) {
      return null;
    }
    int offsetSeconds;
    char z = s.charAt(i);
    if ((z == 'Z' || z == 'z') && i + 1 == n) {
      offsetSeconds = 0;
    } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) {
        return null;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
    } else {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The non-negative number written by {@code count} ASCII digits at {@code from}, else -1. */
  /** The bytes of the time, indexed from its start. */
  private record Text(byte[] b, int off) {
    char charAt(int i) {
      return (char) (b[off + i] & 0xFF);
    }
  }

  private static int digits(Text s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
