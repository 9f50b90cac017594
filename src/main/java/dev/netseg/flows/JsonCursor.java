package dev.netseg.flows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict JSON reader over the UTF-8 bytes of one line, shared by the flow parsers: it reads the
 * fields a parser asks for as typed values and skips everything else without building anything.
 * Ingestion reads millions of lines whose bytes are mostly fields netseg never uses (labels,
 * ethernet, interface, summary), so skipping them cheaply is where its speed comes from.
 *
 * <p>Strict: RFC 8259 syntax and RFC 3629 UTF-8 (in strings, skipped ones too), no comments, no
 * trailing commas, no leading zeros, at most {@value #MAX_DEPTH} levels and {@value
 * #MAX_NUMBER_CHARS} characters per number. A syntax error throws {@link JsonLines.BadInput} with
 * {@link RejectReason#BAD_JSON}, {@link RejectReason#TRUNCATED} (the line ends inside a value) or
 * {@link RejectReason#NOT_UTF8}, which is checked in strings only: outside them a non-ASCII byte is
 * not JSON, whatever its encoding); a typed read of a value of another type throws it with {@link
 * RejectReason#WRONG_TYPE} and the field's path. Paths are given as a prefix and a name, joined
 * only on error. A member whose value is {@code null} is skipped by {@link #nextField()}: null
 * counts as absent.
 *
 * <p>One cursor reads one line on one thread; it is cheap to create.
 */
final class JsonCursor {
  static final int MAX_DEPTH = 500;
  static final int MAX_NUMBER_CHARS = 1000;

  /** Eight bytes of a byte array as one little-endian long. */
  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private final byte[] b;
  private final int end;
  private final StringCache cache;
  private final boolean newlineEnds;
  private int pos;
  private int depth;

  /** At the first member or element of the object or array just entered. */
  private boolean first;

  private int keyFrom;
  private int keyTo;

  /** The current member's name when it had escapes or non-ASCII bytes, else null. */
  private String decodedKey;

  /** Where the last string scanned ended, and whether it was plain ASCII without escapes. */
  private boolean plain;

  /** Where the line starts in {@code b}: messages count bytes from there. */
  private final int lineStart;

  JsonCursor(byte[] b, int off, int len, StringCache cache) {
    this(b, off, len, cache, false);
  }

  /**
   * @param newlineEnds a newline outside strings ends the input, as the end of {@code len} does:
   *     for reading a line from a buffer of many without finding its end first (a newline inside a
   *     string is a control character, an error, either way)
   */
  JsonCursor(byte[] b, int off, int len, StringCache cache, boolean newlineEnds) {
    this.b = b;
    this.lineStart = off;
    this.pos = off;
    this.end = off + len;
    this.cache = cache;
    this.newlineEnds = newlineEnds;
  }

  /**
   * Checks the syntax of a whole line holding one JSON value.
   *
   * @return the syntax error, or null when the line is well-formed JSON
   */
  static JsonLines.BadInput syntaxError(byte[] b, int off, int len) {
    JsonCursor c = new JsonCursor(b, off, len, null);
    try {
      if (c.start() < 0) {
        return new JsonLines.BadInput(RejectReason.BAD_JSON, "empty line");
      }
      c.skipValue();
      c.expectEnd();
      return null;
    } catch (JsonLines.BadInput e) {
      return e;
    }
  }

  // ---- structure ------------------------------------------------------------------------------

  /** Skips a UTF-8 byte order mark and whitespace; the first byte of the value, or -1 if none. */
  int start() {
    if (end - pos >= 3
        && b[pos] == (byte) 0xEF
        && b[pos + 1] == (byte) 0xBB
        && b[pos + 2] == (byte) 0xBF) {
      pos += 3;
    }
    return skipWs();
  }

  /** Requires that only whitespace follows the value just read. */
  void expectEnd() {
    if (skipWs() >= 0) {
      throw syntax(RejectReason.BAD_JSON, "content after the JSON object");
    }
  }

  /** The next byte that is not whitespace, without taking it; -1 at the end of the line. */
  private int skipWs() {
    while (pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return c & 0xFF;
      }
      if (c == '\n' && newlineEnds) {
        return -1;
      }
      pos++;
    }
    return -1;
  }

  /** Where the cursor stands: after {@link #expectEnd()}, the end of the line's value. */
  int position() {
    return pos;
  }

  /** Enters the object that must stand next (its first byte checked by the caller). */
  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw syntax(RejectReason.BAD_JSON, "nested deeper than " + MAX_DEPTH + " levels");
    }
    pos++;
    first = true;
  }

  /**
   * Moves to the next member of the current object whose value is not null, standing on its value.
   *
   * @return false at the end of the object (which is then left)
   */
  boolean nextField() {
    while (nextMember()) {
      if (b[pos] != 'n') {
        return true;
      }
      literal("null");
    }
    return false;
  }

  /** Like {@link #nextField()}, but stops at members whose value is null too. */
  boolean nextMember() {
    int c = skipWs();
    if (c == '}') {
      pos++;
      depth--;
      first = false;
      return false;
    }
    if (first) {
      first = false;
    } else {
      if (c != ',') {
        throw unexpected(c, "',' or '}'");
      }
      pos++;
      c = skipWs();
    }
    if (c != '"') {
      throw unexpected(c, "a field name");
    }
    readKey();
    if (skipWs() != ':') {
      throw unexpected(skipWs(), "':'");
    }
    pos++;
    int v = skipWs();
    if (v < 0) {
      throw eof();
    }
    return true;
  }

  /** Moves to the next element of the current array, standing on it; false at its end. */
  boolean nextElement() {
    int c = skipWs();
    if (first) {
      first = false;
      if (c == ']') {
        pos++;
        depth--;
        return false;
      }
    } else {
      if (c == ']') {
        pos++;
        depth--;
        return false;
      }
      if (c != ',') {
        throw unexpected(c, "',' or ']'");
      }
      pos++;
      c = skipWs();
    }
    if (c < 0) {
      throw eof();
    }
    if (c == ']') {
      throw syntax(RejectReason.BAD_JSON, "a trailing comma in an array");
    }
    return true;
  }

  /** Whether the current member's name is {@code name} (ASCII). */
  boolean keyIs(String name) {
    if (decodedKey != null) {
      return decodedKey.equals(name);
    }
    int n = keyTo - keyFrom;
    if (n != name.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[keyFrom + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The current member's name. */
  String key() {
    return decodedKey != null
        ? decodedKey
        : new String(b, keyFrom, keyTo - keyFrom, StandardCharsets.ISO_8859_1);
  }

  private void readKey() {
    int from = pos + 1;
    scanString();
    if (plain) {
      keyFrom = from;
      keyTo = pos - 1;
      decodedKey = null;
    } else {
      decodedKey = decode(from, pos - 1);
    }
  }

  /** Skips the value that stands next, checking its syntax. */
  void skipValue() {
    int c = skipWs();
    switch (c) {
      case '{':
        enter();
        while (nextMember()) {
          skipValue();
        }
        break;
      case '[':
        enter();
        while (nextElement()) {
          skipValue();
        }
        break;
      case '"':
        scanString();
        break;
      case 't':
        literal("true");
        break;
      case 'f':
        literal("false");
        break;
      case 'n':
        literal("null");
        break;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          scanNumber();
        } else {
          throw unexpected(c, "a value");
        }
    }
  }

  private void literal(String word) {
    int n = word.length();
    for (int i = 0; i < n; i++) {
      // a word cut short by the line's end is an unknown word, not a truncated value (as Jackson)
      if (pos + i >= end || b[pos + i] != word.charAt(i)) {
        throw unrecognized(pos);
      }
    }
    if (pos + n < end && isWordByte(b[pos + n])) {
      throw unrecognized(pos);
    }
    pos += n;
  }

  private static boolean isWordByte(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c < 0;
  }

  // ---- strings --------------------------------------------------------------------------------

  /**
   * Scans the string whose opening quote stands at {@code pos}, leaving {@code pos} after its
   * closing quote and {@link #plain} telling whether it was ASCII without escapes.
   */
  private void scanString() {
    int i = pos + 1;
    boolean simple = true;
    while (true) {
      while (i + Long.BYTES <= end) {
        long found = stringStops((long) LONGS.get(b, i));
        if (found != 0) {
          i += Long.numberOfTrailingZeros(found) >>> 3;
          break;
        }
        i += Long.BYTES;
      }
      while (i < end && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\') {
        i++;
      }
      if (i >= end) {
        throw eof();
      }
      byte c = b[i];
      if (c == '"') {
        pos = i + 1;
        plain = simple;
        return;
      }
      simple = false;
      if (c == '\\') {
        i = escape(i);
      } else if (c < 0) {
        i = utf8(i);
      } else {
        throw syntax(RejectReason.BAD_JSON, "a control character in a string " + at(i));
      }
    }
  }

  /**
   * Eight bytes of a string's content at a time: the high bit of each byte that stops a plain run
   * (a quote, a backslash, a control character or a non-ASCII byte), in a little-endian word. The
   * borrow tricks may also mark bytes after a marked one, never before, so the lowest mark is
   * exact.
   */
  static long stringStops(long w) {
    long q = w ^ QUOTES;
    long s = w ^ BACKSLASHES;
    return (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w) | w) & HIGHS;
  }

  /** Checks the escape at {@code i} (a backslash); the index after it. */
  private int escape(int i) {
    if (i + 1 >= end) {
      throw eof();
    }
    switch (b[i + 1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return i + 2;
      case 'u':
        for (int k = i + 2; k < i + 6; k++) {
          if (k >= end) {
            throw eof();
          }
          if (Character.digit(b[k], 16) < 0) {
            throw syntax(RejectReason.BAD_JSON, "a bad \\u escape " + at(i));
          }
        }
        return i + 6;
      default:
        throw syntax(RejectReason.BAD_JSON, "an unknown escape " + at(i));
    }
  }

  /** Checks the UTF-8 sequence starting at {@code i} (RFC 3629); the index after it. */
  private int utf8(int i) {
    int c = b[i] & 0xFF;
    int more;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
      hi = c == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
    } else {
      throw syntax(RejectReason.NOT_UTF8, "invalid UTF-8 start byte " + at(i));
    }
    for (int k = 1; k <= more; k++) {
      if (i + k >= end) {
        throw eof();
      }
      int m = b[i + k] & 0xFF;
      if (m < lo || m > hi) {
        throw syntax(RejectReason.NOT_UTF8, "invalid UTF-8 continuation " + at(i + k));
      }
      lo = 0x80;
      hi = 0xBF;
    }
    return i + 1 + more;
  }

  private String decode(int from, int to) {
    return decode(b, from, to);
  }

  /** The text of the checked string content {@code b[from, to)}, escapes resolved. */
  static String decode(byte[] b, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    int run = from;
    int i = from;
    while (i < to) {
      if (b[i] != '\\') {
        i++;
        continue;
      }
      out.append(new String(b, run, i - run, StandardCharsets.UTF_8));
      byte e = b[i + 1];
      switch (e) {
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          out.append(
              (char) Integer.parseInt(new String(b, i + 2, 4, StandardCharsets.ISO_8859_1), 16));
          i += 4;
          break;
        default:
          out.append((char) e); // " \ /
      }
      i += 2;
      run = i;
    }
    out.append(new String(b, run, to - run, StandardCharsets.UTF_8));
    return out.toString();
  }

  /** Reads the string that stands next (its quote checked by the caller). */
  private String readString() {
    int from = pos + 1;
    scanString();
    return plain && cache != null ? cache.ascii(b, from, pos - 1) : decode(from, pos - 1);
  }

  // ---- numbers --------------------------------------------------------------------------------

  /** Scans the number at {@code pos}; true when it is an integer (no fraction, no exponent). */
  private boolean scanNumber() {
    int i = pos;
    if (b[i] == '-') {
      i++;
    }
    if (i >= end) {
      throw eof();
    }
    if (b[i] == '0') {
      i++;
      if (i < end && isDigit(b[i])) {
        throw syntax(RejectReason.BAD_JSON, "a number with a leading zero " + at(pos));
      }
    } else if (isDigit(b[i])) {
      i = digits(i);
    } else {
      throw syntax(RejectReason.BAD_JSON, "a bad number " + at(pos));
    }
    boolean integer = true;
    if (i < end && b[i] == '.') {
      integer = false;
      if (i + 1 >= end) {
        // as Jackson says: a point the line ends after is not followed by a digit
        throw syntax(RejectReason.BAD_JSON, "a decimal point without digits " + at(pos));
      }
      i = requiredDigits(i + 1);
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      integer = false;
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      i = requiredDigits(i);
    }
    if (i - pos > MAX_NUMBER_CHARS) {
      throw syntax(RejectReason.BAD_JSON, "a number longer than " + MAX_NUMBER_CHARS + " chars");
    }
    if (i < end && isWordByte(b[i]) && !isDigit(b[i])) {
      throw syntax(RejectReason.BAD_JSON, "a bad number " + at(pos));
    }
    pos = i;
    return integer;
  }

  private int requiredDigits(int i) {
    if (i >= end) {
      throw eof();
    }
    if (!isDigit(b[i])) {
      throw syntax(RejectReason.BAD_JSON, "a bad number " + at(pos));
    }
    return digits(i);
  }

  private int digits(int i) {
    while (i < end && isDigit(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  // ---- typed reads ----------------------------------------------------------------------------

  /** Enters the object that must stand next. */
  void object(String prefix, String field) {
    if (b[pos] != '{') {
      throw wrongType(prefix + field, "an object");
    }
    enter();
  }

  /** Enters the object that must stand next, at the path {@code prefix} names with a dot. */
  void objectAt(String prefix) {
    if (b[pos] != '{') {
      throw wrongType(prefix.substring(0, prefix.length() - 1), "an object");
    }
    enter();
  }

  /** Enters the array that must stand next. */
  void array(String prefix, String field, String ofWhat) {
    if (b[pos] != '[') {
      throw wrongType(prefix + field, "an array of " + ofWhat);
    }
    enter();
  }

  /** Whether the value that stands next is an object. */
  boolean atObject() {
    return b[pos] == '{';
  }

  String string(String prefix, String field) {
    if (b[pos] != '"') {
      throw wrongType(prefix + field, "a string");
    }
    return readString();
  }

  /** Reads the string that stands next as a {@link Span} of the line, building nothing. */
  void string(String prefix, String field, Span out) {
    if (b[pos] != '"') {
      throw wrongType(prefix + field, "a string");
    }
    int from = pos + 1;
    scanString();
    out.set(from, pos - 1, plain);
  }

  /** Checks that a string stands next and skips it. */
  void skipString(String prefix, String field) {
    if (b[pos] != '"') {
      throw wrongType(prefix + field, "a string");
    }
    scanString();
  }

  /**
   * Reads a string that is usually one of {@code known}, returning that constant without a lookup
   * when it is.
   */
  String string(String prefix, String field, List<String> known) {
    if (b[pos] != '"') {
      throw wrongType(prefix + field, "a string");
    }
    int from = pos + 1;
    for (int k = 0; k < known.size(); k++) {
      String candidate = known.get(k);
      int n = candidate.length();
      if (from + n < end && b[from + n] == '"' && sameAscii(candidate, from)) {
        pos = from + n + 1;
        return candidate;
      }
    }
    return readString();
  }

  private boolean sameAscii(String text, int from) {
    for (int i = 0; i < text.length(); i++) {
      if (b[from + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  boolean bool(String prefix, String field) {
    byte c = b[pos];
    if (c == 't') {
      literal("true");
      return true;
    }
    if (c == 'f') {
      literal("false");
      return false;
    }
    throw wrongType(prefix + field, "true or false");
  }

  /** An integer that fits an int; a larger one is rejected for {@code tooLarge}. */
  int integer(String prefix, String field, RejectReason tooLarge) {
    int from = pos;
    long value = integral(prefix, field, tooLarge, 10);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw outOfRange(prefix, field, tooLarge, from, pos);
    }
    return (int) value;
  }

  long longInteger(String prefix, String field) {
    return integral(prefix, field, RejectReason.BAD_VALUE, 19);
  }

  /** An integer of at most {@code maxDigits} digits (more are out of range) that fits a long. */
  private long integral(String prefix, String field, RejectReason tooLarge, int maxDigits) {
    // The usual case, read in one pass: up to 18 digits, no sign, no leading zero, then a
    // delimiter. Anything else (and any error) is left to the general reading below.
    int k = pos;
    int limit = Math.min(end, pos + Math.min(maxDigits, 18));
    long quick = 0;
    while (k < limit && isDigit(b[k])) {
      quick = quick * 10 + (b[k] - '0');
      k++;
    }
    if (k > pos
        && b[pos] != '0'
        && (k == end || (!isWordByte(b[k]) && b[k] != '.' && b[k] != '-' && b[k] != '+'))) {
      pos = k;
      return quick;
    }
    byte c = b[pos];
    if (c != '-' && !isDigit(c)) {
      throw wrongType(prefix + field, "an integer");
    }
    int from = pos;
    if (!scanNumber()) {
      pos = from;
      throw wrongType(prefix + field, "an integer");
    }
    int digitsFrom = b[from] == '-' ? from + 1 : from;
    if (pos - digitsFrom > maxDigits) {
      throw outOfRange(prefix, field, tooLarge, from, pos);
    }
    if (pos - digitsFrom == 19) {
      BigInteger big = new BigInteger(new String(b, from, pos - from, StandardCharsets.US_ASCII));
      if (big.bitLength() > 63) {
        throw outOfRange(prefix, field, tooLarge, from, pos);
      }
      return big.longValue();
    }
    long value = 0;
    for (int i = digitsFrom; i < pos; i++) {
      value = value * 10 + (b[i] - '0');
    }
    return b[from] == '-' ? -value : value;
  }

  private JsonLines.BadInput outOfRange(
      String prefix, String field, RejectReason reason, int from, int to) {
    String text = new String(b, from, to - from, StandardCharsets.US_ASCII);
    return new JsonLines.BadInput(reason, prefix + field + ": " + text + " is out of range");
  }

  Instant time(String prefix, String field) {
    if (b[pos] != '"') {
      throw wrongType(prefix + field, "a string");
    }
    int from = pos + 1;
    scanString();
    return time(from, pos - 1, plain, prefix, field);
  }

  /** The time a string read earlier as {@code span} holds. */
  Instant time(Span span, String prefix, String field) {
    return time(span.from, span.to, span.plain, prefix, field);
  }

  private Instant time(int from, int to, boolean isPlain, String prefix, String field) {
    Instant instant = isPlain ? Rfc3339.parse(b, from, to - from) : null;
    if (instant == null) {
      String text = decode(from, to);
      instant = isPlain ? null : Rfc3339.parse(text);
      if (instant == null) {
        throw new JsonLines.BadInput(
            RejectReason.BAD_TIME,
            prefix + field + ": '" + JsonLines.clip(text) + "' is not an RFC 3339 time");
      }
    }
    return instant;
  }

  List<String> strings(String prefix, String field) {
    array(prefix, field, "strings");
    if (!nextElement()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(8);
    do {
      if (b[pos] != '"') {
        throw wrongType(prefix + field + "[" + out.size() + "]", "a string");
      }
      out.add(readString());
    } while (nextElement());
    return List.copyOf(out);
  }

  /** Checks an array of strings like {@link #strings} and keeps nothing of it. */
  void skipStrings(String prefix, String field) {
    array(prefix, field, "strings");
    for (int index = 0; nextElement(); index++) {
      if (b[pos] != '"') {
        throw wrongType(prefix + field + "[" + index + "]", "a string");
      }
      scanString();
    }
  }

  // ---- errors ---------------------------------------------------------------------------------

  private JsonLines.BadInput wrongType(String path, String expected) {
    return new JsonLines.BadInput(
        RejectReason.WRONG_TYPE, path + ": expected " + expected + ", got " + describeNext());
  }

  /** What the value at {@code pos} is, for messages; its syntax is checked later if at all. */
  String describeNext() {
    switch (b[pos]) {
      case '{':
        return "an object";
      case '[':
        return "an array";
      case '"':
        return "a string";
      case 't':
      case 'f':
        return "a boolean";
      case 'n':
        return "null";
      default:
        int i = pos;
        while (i < end && (isDigit(b[i]) || b[i] == '-')) {
          i++;
        }
        return i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')
            ? "a decimal number"
            : "an integer";
    }
  }

  private JsonLines.BadInput unexpected(int c, String expected) {
    if (c < 0) {
      return eof();
    }
    if (isWordByte((byte) c) && c < 0x80) {
      return unrecognized(pos);
    }
    String got = c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
    return syntax(RejectReason.BAD_JSON, "expected " + expected + ", got " + got + " " + at(pos));
  }

  /** A bare word where a value or a delimiter belongs, quoted (clipped) in the message. */
  private JsonLines.BadInput unrecognized(int from) {
    int to = from;
    while (to < end && to - from < 40 && isWordByte(b[to]) && b[to] > 0) {
      to++;
    }
    String word = new String(b, from, to - from, StandardCharsets.US_ASCII);
    return syntax(RejectReason.BAD_JSON, "unrecognized token '" + word + "' " + at(from));
  }

  private JsonLines.BadInput eof() {
    return syntax(RejectReason.TRUNCATED, "the line ends inside a JSON value");
  }

  /** {@code at byte 12}: a position in the buffer as a byte of the line, counted from 1. */
  private String at(int position) {
    return "at byte " + (position - lineStart + 1);
  }

  private static JsonLines.BadInput syntax(RejectReason reason, String detail) {
    return new JsonLines.BadInput(reason, detail);
  }
}
