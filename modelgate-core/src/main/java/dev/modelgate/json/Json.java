package dev.modelgate.json;

import dev.modelgate.io.Budget;
import dev.modelgate.io.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict RFC 8259 JSON reader for untrusted metadata (safetensors headers, Keras configs,
 * signature bundles). Strict where loaders disagree: duplicate keys, invalid UTF-8, lone
 * surrogates escapes, trailing data and excessive nesting are errors, because two parsers that
 * resolve them differently let a file show a scanner one thing and a loader another.
 *
 * <p>Values: {@link Map} (insertion ordered), {@link List}, {@link String}, {@link Long} or
 * {@link BigInteger} for integers, {@link BigDecimal} for other numbers (so {@code 512.0} stays
 * distinguishable from {@code 512}), {@link Boolean}, and {@code null}.
 */
public final class Json {
  /** Nesting depth accepted; real configs use well under 100. */
  public static final int MAX_DEPTH = 512;

  /** Charged in batches: a value costs a few dozen bytes and parsing must stay fast. */
  private static final long FLUSH = 64 << 10;

  private final String s;
  /** Null for trusted or already size-bounded text, which is not charged. */
  private final @Nullable Budget budget;
  private final String location;
  private long pending;
  private int i;

  private Json(String s, @Nullable Budget budget, String location) {
    this.s = s;
    this.budget = budget;
    this.location = location;
  }

  /**
   * Parses untrusted UTF-8, charging the heap the values will take to {@code budget} (a
   * {@code limits.memory} {@link InvalidInputException} when it runs out), so a small header
   * of millions of tiny values cannot exhaust memory.
   */
  public static @Nullable Object parse(byte[] utf8, Budget budget, String location)
      throws JsonException, InvalidInputException {
    budget.memory(3L * utf8.length, "JSON text", location); // the decoded text itself
    String text = decode(utf8);
    Json p = new Json(text, budget, location);
    try {
      return p.document();
    } catch (Charge c) {
      throw c.cause;
    }
  }

  /** Parses trusted or already size-bounded UTF-8; invalid UTF-8 is an error, not replaced. */
  public static @Nullable Object parse(byte[] utf8) throws JsonException {
    return parse(decode(utf8));
  }

  public static @Nullable Object parse(String text) throws JsonException {
    return new Json(text, null, "").document();
  }

  private static String decode(byte[] utf8) throws JsonException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw new JsonException("invalid UTF-8", 0);
    }
  }

  private @Nullable Object document() throws JsonException {
    ws();
    Object v = value(0);
    ws();
    if (i != s.length()) {
      throw error("trailing data after the JSON value");
    }
    flush();
    return v;
  }

  /** Counts {@code bytes} of heap toward the budget (if any). */
  private void cost(long bytes) {
    if (budget != null && (pending += bytes) > FLUSH) {
      flush();
    }
  }

  private void flush() {
    if (budget != null && pending > 0) {
      long n = pending;
      pending = 0;
      try {
        budget.memory(n, "JSON values", location);
      } catch (InvalidInputException e) {
        throw new Charge(e);
      }
    }
  }

  /** Carries a used-up budget out of the recursive descent without a checked exception each. */
  private static final class Charge extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient InvalidInputException cause;

    Charge(InvalidInputException cause) {
      super(null, null, false, false);
      this.cause = cause;
    }
  }

  private @Nullable Object value(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (i >= s.length()) {
      throw error("unexpected end of JSON");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", true);
      case 'f':
        return literal("false", false);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          cost(32);
          return number();
        }
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private Map<String, Object> object(int depth) throws JsonException {
    cost(80);
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    ws();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      int keyAt = i;
      String k = string();
      ws();
      expect(':');
      ws();
      Object v = value(depth + 1);
      if (m.containsKey(k)) {
        throw new JsonException("duplicate key \"" + k + "\"", keyAt);
      }
      cost(48);
      m.put(k, v);
      ws();
      char c = next();
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws JsonException {
    cost(48);
    List<Object> a = new ArrayList<>();
    i++;
    ws();
    if (peek() == ']') {
      i++;
      return a;
    }
    while (true) {
      ws();
      cost(16);
      a.add(value(depth + 1));
      ws();
      char c = next();
      if (c == ']') {
        return a;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws JsonException {
    i++; // opening quote
    StringBuilder b = null;
    int start = i;
    int begin = i;
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i);
      if (c == '"') {
        cost(48 + 2L * (i - begin));
        String out = b == null ? s.substring(start, i) : b.append(s, start, i).toString();
        i++;
        return out;
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c == '\\') {
        if (b == null) {
          b = new StringBuilder();
        }
        b.append(s, start, i);
        i++;
        b.append(escape());
        start = i;
        continue;
      }
      i++;
    }
  }

  private String escape() throws JsonException {
    char c = next();
    switch (c) {
      case '"': return "\"";
      case '\\': return "\\";
      case '/': return "/";
      case 'b': return "\b";
      case 'f': return "\f";
      case 'n': return "\n";
      case 'r': return "\r";
      case 't': return "\t";
      case 'u':
        char hi = hex4();
        if (Character.isHighSurrogate(hi)) {
          if (i + 1 < s.length() && s.charAt(i) == '\\' && s.charAt(i + 1) == 'u') {
            i += 2;
            char lo = hex4();
            if (Character.isLowSurrogate(lo)) {
              return new String(new char[] {hi, lo});
            }
          }
          throw error("lone surrogate escape");
        }
        if (Character.isLowSurrogate(hi)) {
          throw error("lone surrogate escape");
        }
        return String.valueOf(hi);
      default:
        throw error("invalid escape '\\" + printable(c) + "'");
    }
  }

  private char hex4() throws JsonException {
    if (i + 4 > s.length()) {
      throw error("truncated \\u escape");
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(s.charAt(i++), 16);
      if (d < 0) {
        throw error("invalid \\u escape");
      }
      v = v * 16 + d;
    }
    return (char) v;
  }

  private Object number() throws JsonException {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        i++;
      }
    } else {
      throw error("invalid number");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      i++;
      if (!isDigit(peek())) {
        throw error("invalid number");
      }
      while (isDigit(peek())) {
        i++;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      i++;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      if (!isDigit(peek())) {
        throw error("invalid number");
      }
      while (isDigit(peek())) {
        i++;
      }
    }
    if (i - start > 1000) {
      throw new JsonException("number literal too long", start);
    }
    String t = s.substring(start, i);
    if (integral) {
      BigInteger v = new BigInteger(t);
      return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
    BigDecimal d;
    try {
      d = new BigDecimal(t);
    } catch (NumberFormatException e) {
      throw new JsonException("number out of range", start); // exponent beyond an int
    }
    if (Math.abs((long) d.scale()) > 10_000) {
      throw new JsonException("number exponent out of range", start);
    }
    return d;
  }

  private @Nullable Object literal(String word, @Nullable Object v) throws JsonException {
    if (!s.startsWith(word, i)) {
      throw error("invalid literal");
    }
    i += word.length();
    return v;
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() throws JsonException {
    if (i >= s.length()) {
      throw error("unexpected end of JSON");
    }
    return s.charAt(i++);
  }

  private void expect(char c) throws JsonException {
    if (next() != c) {
      i--;
      throw error("expected '" + c + "'");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private JsonException error(String what) {
    return new JsonException(what, i);
  }
}
