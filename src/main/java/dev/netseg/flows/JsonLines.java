package dev.netseg.flows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What both JSON-lines parsers share: typed reads of one value that reject with the field's path,
 * and the mapping of Jackson's errors to a {@link RejectReason}. Streaming on purpose: a tree per
 * line would cost more than the rest of ingestion together.
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
  }

  static JsonFactory newFactory() {
    return JsonFactory.builder().build();
  }

  /** Runs {@code body} on a parser over one line and maps every failure to a rejection. */
  static <T> Outcome<T> parseLine(
      JsonFactory factory, byte[] buf, int off, int len, LineBody<T> body) {
    try (JsonParser p = factory.createParser(buf, off, len)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return Outcome.rejected(RejectReason.BAD_JSON, "empty line");
      }
      if (first != JsonToken.START_OBJECT) {
        return Outcome.rejected(
            RejectReason.WRONG_TYPE, "line: expected a JSON object, got " + describe(first));
      }
      Outcome<T> outcome = body.read(p);
      JsonToken after = p.nextToken();
      if (after != null) {
        return Outcome.rejected(RejectReason.BAD_JSON, "content after the JSON object");
      }
      return outcome;
    } catch (BadInput e) {
      return Outcome.rejected(e.reason, e.getMessage());
    } catch (JsonEOFException e) {
      return Outcome.rejected(RejectReason.TRUNCATED, e.getOriginalMessage());
    } catch (JsonParseException e) {
      String message = e.getOriginalMessage();
      RejectReason reason =
          message != null && message.contains("Invalid UTF-8")
              ? RejectReason.NOT_UTF8
              : RejectReason.BAD_JSON;
      return Outcome.rejected(reason, String.valueOf(message));
    } catch (IOException e) {
      // StreamConstraintsException (absurd nesting or number length) and the like.
      return Outcome.rejected(RejectReason.BAD_JSON, String.valueOf(e.getMessage()));
    }
  }

  /** Reads the fields of the line's top-level object; the parser stands on its START_OBJECT. */
  @FunctionalInterface
  interface LineBody<T> {
    Outcome<T> read(JsonParser p) throws IOException;
  }

  // Every read takes the field's path as a prefix and a name, joined only when reporting an
  // error: building the path for every field read would cost more than reading it.

  static void expectObject(JsonToken t, String prefix, String field) {
    if (t != JsonToken.START_OBJECT) {
      throw wrongType(prefix + field, "an object", t);
    }
  }

  /** Expects an object at the path {@code prefix} names, given with a trailing dot. */
  static void expectObject(JsonToken t, String prefix) {
    if (t != JsonToken.START_OBJECT) {
      throw wrongType(prefix.substring(0, prefix.length() - 1), "an object", t);
    }
  }

  static String string(JsonParser p, JsonToken t, String prefix, String field) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(prefix + field, "a string", t);
    }
    return p.getText();
  }

  static boolean bool(JsonToken t, String prefix, String field) {
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw wrongType(prefix + field, "true or false", t);
  }

  /** An integer that fits an int; a larger one is rejected for {@code tooLarge}. */
  static int integer(JsonParser p, JsonToken t, String prefix, String field, RejectReason tooLarge)
      throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(prefix + field, "an integer", t);
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw new BadInput(tooLarge, prefix + field + ": " + p.getText() + " is out of range");
    }
    return p.getIntValue();
  }

  static long longInteger(JsonParser p, JsonToken t, String prefix, String field)
      throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(prefix + field, "an integer", t);
    }
    JsonParser.NumberType type = p.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      throw new BadInput(
          RejectReason.BAD_VALUE, prefix + field + ": " + p.getText() + " is out of range");
    }
    return p.getLongValue();
  }

  static Instant time(JsonParser p, JsonToken t, String prefix, String field) throws IOException {
    String text = string(p, t, prefix, field);
    Instant instant = Rfc3339.parse(text);
    if (instant == null) {
      throw new BadInput(
          RejectReason.BAD_TIME, prefix + field + ": '" + clip(text) + "' is not an RFC 3339 time");
    }
    return instant;
  }

  static List<String> strings(JsonParser p, JsonToken t, String prefix, String field)
      throws IOException {
    if (t != JsonToken.START_ARRAY) {
      throw wrongType(prefix + field, "an array of strings", t);
    }
    JsonToken e = p.nextToken();
    if (e == JsonToken.END_ARRAY) {
      return List.of();
    }
    List<String> out = new ArrayList<>(8);
    for (; e != JsonToken.END_ARRAY; e = p.nextToken()) {
      if (e != JsonToken.VALUE_STRING) {
        throw wrongType(prefix + field + "[" + out.size() + "]", "a string", e);
      }
      out.add(p.getText());
    }
    return List.copyOf(out);
  }

  static BadInput wrongType(String path, String expected, JsonToken got) {
    return new BadInput(
        RejectReason.WRONG_TYPE, path + ": expected " + expected + ", got " + describe(got));
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a decimal number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.name();
    }
  }

  static String clip(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
