package dev.netseg.flows;

/**
 * Where one string value lies in the line being read, so that a parser can keep it as bytes and
 * build a {@link String} only when something needs one. Ingestion resolves namespaces, pod names
 * and addresses straight from these bytes; building the strings was a large part of its cost.
 *
 * <p>Mutable and reused across lines: one belongs to one parse on one thread.
 */
final class Span {
  /** The string's content (without quotes) is {@code [from, to)} of the line's buffer. */
  int from;

  int to;

  /** ASCII without escapes: the bytes are the text. */
  boolean plain;

  /** Whether the field was read (absent and {@code null} fields leave it unset). */
  boolean present;

  void clear() {
    present = false;
  }

  void set(int from, int to, boolean plain) {
    this.from = from;
    this.to = to;
    this.plain = plain;
    this.present = true;
  }

  /** The text, or null when absent. */
  String text(byte[] b, StringCache cache) {
    if (!present) {
      return null;
    }
    return plain ? cache.ascii(b, from, to) : JsonCursor.decode(b, from, to);
  }
}
