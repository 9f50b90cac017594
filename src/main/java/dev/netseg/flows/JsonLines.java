package dev.netseg.flows;

/**
 * What both JSON-lines parsers share besides {@link JsonCursor}: reading one line as one object and
 * mapping every failure to a {@link RejectReason}.
 *
 * <p>A line that is not well-formed JSON is rejected for its syntax ({@code BAD_JSON}, {@code
 * TRUNCATED}, {@code NOT_UTF8}) even when a field before the syntax error already had the wrong
 * type: the parsers read in one pass and stop at the first problem, so when that problem is a
 * field's, the rest of the line is checked before the field is blamed.
 */
final class JsonLines {
  private JsonLines() {}

  /** A parse error with its reason; internal control flow, caught before the parser returns. */
  static final class BadInput extends RuntimeException {
    final RejectReason reason;

    BadInput(RejectReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }

    boolean isSyntax() {
      return reason == RejectReason.BAD_JSON
          || reason == RejectReason.TRUNCATED
          || reason == RejectReason.NOT_UTF8;
    }
  }

  /** Runs {@code body} on a cursor over one line and maps every failure to a rejection. */
  static <T> Outcome<T> parseLine(
      byte[] buf, int off, int len, StringCache cache, LineBody<T> body) {
    JsonCursor c = new JsonCursor(buf, off, len, cache);
    try {
      int first = c.start();
      if (first < 0) {
        return Outcome.rejected(RejectReason.BAD_JSON, "empty line");
      }
      if (first != '{') {
        throw new BadInput(
            RejectReason.WRONG_TYPE, "line: expected a JSON object, got " + c.describeNext());
      }
      c.object("", "line");
      Outcome<T> outcome = body.read(c);
      c.expectEnd();
      return outcome;
    } catch (BadInput e) {
      BadInput why = e.isSyntax() ? e : JsonCursor.syntaxError(buf, off, len);
      if (why == null) {
        why = e;
      }
      return Outcome.rejected(why.reason, why.getMessage());
    }
  }

  /** Reads the members of the line's top-level object, which the cursor has just entered. */
  @FunctionalInterface
  interface LineBody<T> {
    Outcome<T> read(JsonCursor c);
  }

  static String clip(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
