package dev.modelgate.format.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A schema-less reader for protobuf text format (TensorFlow's {@code saved_model.pbtxt} and
 * {@code *.pbtxt} graphs, Caffe's {@code .prototxt} nets). Loaders read the text form exactly
 * like the binary one, so it must be scanned like it. Without the schema every field is kept by
 * name: {@code name: value} becomes a scalar, {@code name { ... }} a message. Nesting depth and
 * field count are bounded; malformed text throws {@link Syntax} with the offset.
 */
public final class TextProto {
  public static final int MAX_DEPTH = 100;
  public static final int MAX_FIELDS = 5_000_000;
  /** Bytes kept of one string value; the rest is dropped (names and paths are far shorter). */
  public static final int MAX_TEXT = 1 << 16;

  /** One field: a scalar ({@code value} set, {@code fields} empty) or a message. */
  public record Field(String name, @Nullable String value, List<Field> fields, int offset) {
    public boolean isMessage() {
      return value == null;
    }

    /** The first scalar child named {@code key}, or null. */
    public @Nullable String scalar(String key) {
      for (Field f : fields) {
        if (f.name.equals(key) && f.value != null) {
          return f.value;
        }
      }
      return null;
    }

    /** The first message child named {@code key}, or null. */
    public @Nullable Field message(String key) {
      for (Field f : fields) {
        if (f.name.equals(key) && f.value == null) {
          return f;
        }
      }
      return null;
    }
  }

  public static final class Syntax extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    Syntax(String message, int offset) {
      super(message + " at offset " + offset);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  private final byte[] b;
  private int p;
  private int count;

  private TextProto(byte[] b) {
    this.b = b;
  }

  public static List<Field> parse(byte[] text) throws Syntax {
    TextProto t = new TextProto(text);
    List<Field> top = t.message(0, -1);
    return top;
  }

  /** Fields until {@code close} ('}' or '>'), or end of input when close is -1. */
  private List<Field> message(int depth, int close) throws Syntax {
    if (depth > MAX_DEPTH) {
      throw new Syntax("text proto nested deeper than " + MAX_DEPTH, p);
    }
    List<Field> out = new ArrayList<>();
    while (true) {
      skipSpace();
      if (p >= b.length) {
        if (close != -1) {
          throw new Syntax("text proto ends inside a message", p);
        }
        return out;
      }
      if (b[p] == close) {
        p++;
        return out;
      }
      int at = p;
      String name = fieldName();
      skipSpace();
      boolean colon = p < b.length && b[p] == ':';
      if (colon) {
        p++;
        skipSpace();
      }
      if (p < b.length && b[p] == '[' && colon) {
        p++;
        list(name, at, depth, out);
      } else {
        out.add(value(name, at, depth, colon));
      }
      skipSpace();
      if (p < b.length && (b[p] == ',' || b[p] == ';')) {
        p++;
      }
    }
  }

  private void list(String name, int at, int depth, List<Field> out) throws Syntax {
    skipSpace();
    if (p < b.length && b[p] == ']') {
      p++;
      return;
    }
    while (true) {
      skipSpace();
      out.add(value(name, at, depth, true));
      skipSpace();
      if (p >= b.length) {
        throw new Syntax("text proto ends inside a list", p);
      }
      if (b[p] == ']') {
        p++;
        return;
      }
      if (b[p] != ',') {
        throw new Syntax("expected ',' or ']' in a list", p);
      }
      p++;
    }
  }

  private Field value(String name, int at, int depth, boolean colon) throws Syntax {
    if (++count > MAX_FIELDS) {
      throw new Syntax("text proto has more than " + MAX_FIELDS + " fields", p);
    }
    if (p < b.length && (b[p] == '{' || b[p] == '<')) {
      int close = b[p] == '{' ? '}' : '>';
      p++;
      return new Field(name, null, message(depth + 1, close), at);
    }
    if (!colon) {
      throw new Syntax("expected ':' or '{' after field '" + name + "'", p);
    }
    if (p < b.length && (b[p] == '"' || b[p] == '\'')) {
      ByteArrayOutputStream s = new ByteArrayOutputStream();
      while (p < b.length && (b[p] == '"' || b[p] == '\'')) {
        string(s);
        skipSpace();
      }
      return new Field(name, s.toString(StandardCharsets.UTF_8), List.of(), at);
    }
    int start = p;
    if (p < b.length && b[p] == '-') {
      p++;
      skipSpace();
    }
    while (p < b.length && scalarChar(b[p])) {
      p++;
    }
    if (p == start) {
      throw new Syntax("expected a value for field '" + name + "'", p);
    }
    return new Field(name, new String(b, start, p - start, StandardCharsets.UTF_8), List.of(), at);
  }

  private String fieldName() throws Syntax {
    int start = p;
    if (b[p] == '[') {
      // Extension or Any type URL: [type.googleapis.com/tensorflow.Foo]
      while (p < b.length && b[p] != ']') {
        p++;
      }
      if (p >= b.length) {
        throw new Syntax("unterminated '[' in a field name", start);
      }
      p++;
      return new String(b, start, p - start, StandardCharsets.UTF_8);
    }
    while (p < b.length && (Character.isLetterOrDigit(b[p]) || b[p] == '_')) {
      p++;
    }
    if (p == start) {
      throw new Syntax("expected a field name, found '" + (char) (b[p] & 0xff) + "'", p);
    }
    return new String(b, start, p - start, StandardCharsets.US_ASCII);
  }

  /** One quoted string with C escapes (octal, hex, \\u) appended as bytes. */
  private void string(ByteArrayOutputStream s) throws Syntax {
    int start = p;
    byte quote = b[p++];
    while (true) {
      if (p >= b.length || b[p] == '\n') {
        throw new Syntax("unterminated string", start);
      }
      byte c = b[p++];
      if (c == quote) {
        return;
      }
      if (c != '\\') {
        if (s.size() < MAX_TEXT) {
          s.write(c);
        }
        continue;
      }
      if (p >= b.length) {
        throw new Syntax("unterminated escape", p);
      }
      c = b[p++];
      int v;
      switch (c) {
        case 'n' -> v = '\n';
        case 't' -> v = '\t';
        case 'r' -> v = '\r';
        case 'a' -> v = 7;
        case 'b' -> v = '\b';
        case 'f' -> v = '\f';
        case 'v' -> v = 11;
        case 'x' -> v = digits(16, 2);
        case 'u', 'U' -> {
          digits(16, c == 'u' ? 4 : 8);
          v = '?'; // code points beyond bytes never name an op or a path prefix we check
        }
        default -> {
          if (c >= '0' && c <= '7') {
            p--;
            v = digits(8, 3);
          } else {
            v = c; // \" \' \\ \? and the like
          }
        }
      }
      if (s.size() < MAX_TEXT) {
        s.write(v);
      }
    }
  }

  private int digits(int radix, int max) throws Syntax {
    int v = 0;
    int n = 0;
    while (n < max && p < b.length && Character.digit(b[p], radix) >= 0) {
      v = v * radix + Character.digit(b[p++], radix);
      n++;
    }
    if (n == 0) {
      throw new Syntax("bad escape in a string", p);
    }
    return v & 0xff;
  }

  private static boolean scalarChar(byte c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '+' || c == '-';
  }

  private void skipSpace() {
    while (p < b.length) {
      byte c = b[p];
      if (c == '#') {
        while (p < b.length && b[p] != '\n') {
          p++;
        }
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 11) {
        p++;
      } else {
        return;
      }
    }
  }
}
