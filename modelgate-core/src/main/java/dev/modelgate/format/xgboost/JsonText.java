package dev.modelgate.format.xgboost;

import dev.modelgate.io.SourceReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * XGBoost's JSON model text ({@code save_model("m.json")}). RFC 8259 plus what XGBoost's own
 * reader accepts and writes for floats: {@code NaN}, {@code Infinity} and {@code -Infinity}.
 */
final class JsonText extends Doc {

  JsonText(SourceReader in, Trees sink) {
    super(in, sink);
  }

  @Override
  @Nullable Object document() throws IOException {
    ws();
    Object v = value(0);
    ws();
    if (!in.atEnd()) {
      throw error("data after the model's JSON object", in.position());
    }
    return v;
  }

  private @Nullable Object value(int depth) throws IOException {
    long at = in.position();
    depth(depth, at);
    count(at);
    int c = in.peek();
    switch (c) {
      case '{' -> {
        in.u8();
        Map<String, Object> m = newObject();
        ws();
        if (in.peek() == '}') {
          in.u8();
          return m;
        }
        while (true) {
          ws();
          long kat = in.position();
          if (in.peek() != '"') {
            throw error("object key is not a string", kat);
          }
          String key = string();
          ws();
          expect(':');
          ws();
          enter(key);
          Object v = value(depth + 1);
          leave();
          put(m, key, v, kat);
          ws();
          int n = in.u8();
          if (n == '}') {
            return m;
          }
          if (n != ',') {
            throw error("expected ',' or '}' in an object", in.position() - 1);
          }
        }
      }
      case '[' -> {
        in.u8();
        Object arr = new Nums(0);
        ws();
        if (in.peek() == ']') {
          in.u8();
          return arr;
        }
        int index = 0;
        while (true) {
          ws();
          long eat = in.position();
          Object v = value(depth + 1);
          arr = append(arr, v, index++, eat);
          ws();
          int n = in.u8();
          if (n == ']') {
            return arr;
          }
          if (n != ',') {
            throw error("expected ',' or ']' in an array", in.position() - 1);
          }
        }
      }
      case '"' -> {
        return string();
      }
      case 't' -> {
        word("true");
        return true;
      }
      case 'f' -> {
        word("false");
        return false;
      }
      case 'n' -> {
        word("null");
        return null;
      }
      case 'N' -> {
        word("NaN");
        return Double.NaN;
      }
      case 'I' -> {
        word("Infinity");
        return Double.POSITIVE_INFINITY;
      }
      case -1 -> throw in.truncated("the JSON text ends where a value should be");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + (char) c + "'", at);
      }
    }
  }

  private double number() throws IOException {
    long at = in.position();
    StringBuilder b = new StringBuilder();
    if (in.peek() == '-') {
      b.append((char) in.u8());
      if (in.peek() == 'I') {
        word("Infinity");
        return Double.NEGATIVE_INFINITY;
      }
    }
    int digits = 0;
    if (in.peek() == '0') {
      b.append((char) in.u8());
      digits = 1;
    } else {
      digits = digits(b);
    }
    if (digits == 0) {
      throw error("malformed number", at);
    }
    if (in.peek() == '.') {
      b.append((char) in.u8());
      if (digits(b) == 0) {
        throw error("malformed number", at);
      }
    }
    if (in.peek() == 'e' || in.peek() == 'E') {
      b.append((char) in.u8());
      if (in.peek() == '+' || in.peek() == '-') {
        b.append((char) in.u8());
      }
      if (digits(b) == 0) {
        throw error("malformed number", at);
      }
    }
    if (b.length() > 400) {
      throw error("number of " + b.length() + " characters", at);
    }
    return Double.parseDouble(b.toString());
  }

  private int digits(StringBuilder b) throws IOException {
    int n = 0;
    while (in.peek() >= '0' && in.peek() <= '9') {
      b.append((char) in.u8());
      if (++n > 400) {
        throw error("number of more than 400 digits", in.position());
      }
    }
    return n;
  }

  private String string() throws IOException {
    long at = in.position();
    expect('"');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      if (out.size() > MAX_STRING) {
        throw new dev.modelgate.io.InvalidInputException("xgboost.limit", "string longer than "
            + MAX_STRING + " bytes", in.at(at));
      }
      int c = in.u8();
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        throw error("control character in a string", in.position() - 1);
      }
      if (c != '\\') {
        out.write(c);
        continue;
      }
      int e = in.u8();
      switch (e) {
        case '"', '\\', '/' -> out.write(e);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'u' -> {
          int cp = hex4();
          if (Character.isHighSurrogate((char) cp)) {
            if (in.u8() != '\\' || in.u8() != 'u') {
              throw error("lone surrogate escape", in.position());
            }
            int lo = hex4();
            if (!Character.isLowSurrogate((char) lo)) {
              throw error("lone surrogate escape", in.position());
            }
            cp = Character.toCodePoint((char) cp, (char) lo);
          } else if (Character.isLowSurrogate((char) cp)) {
            throw error("lone surrogate escape", in.position());
          }
          out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        default -> throw error("invalid escape \\" + (char) e, in.position() - 1);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException x) {
      throw error("string is not valid UTF-8", at);
    }
  }

  private int hex4() throws IOException {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(in.u8(), 16);
      if (d < 0) {
        throw error("invalid \\u escape", in.position() - 1);
      }
      v = v * 16 + d;
    }
    return v;
  }

  private void word(String w) throws IOException {
    long at = in.position();
    for (int k = 0; k < w.length(); k++) {
      if (in.atEnd() || in.u8() != w.charAt(k)) {
        throw error("unexpected literal, expected " + w, at);
      }
    }
  }

  private void expect(int c) throws IOException {
    long at = in.position();
    if (in.atEnd() || in.u8() != c) {
      throw error("expected '" + (char) c + "'", at);
    }
  }

  private void ws() throws IOException {
    int c;
    while ((c = in.peek()) == ' ' || c == '\n' || c == '\r' || c == '\t') {
      in.u8();
    }
  }
}
