package dev.modelgate.format.pickle;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decoding of pickle text operands (protocol 0 escapes, UTF-8 with replacement). */
final class Text {
  private Text() {}

  static PickleValue.Str str(String s, long offset) {
    return new PickleValue.Str(s, true, offset, s.length());
  }

  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /**
   * UTF-8 with malformed sequences replaced: a name that would fail to decode in Python is still
   * judged (it cannot be allowlisted by accident, and nothing is lost by reporting it).
   */
  static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return latin1(b);
    }
  }

  static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** Python's {@code codecs.escape_decode}: backslash escapes of a protocol 0 STRING. */
  static String escapeDecode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c != '\\' || k + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++k);
      switch (e) {
        case '\n' -> { }
        case '\\', '\'', '"' -> out.append(e);
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'v' -> out.append('\u000b');
        case 'x' -> {
          int v = k + 2 < s.length() ? hex(s, k + 1, 2) : -1;
          if (v < 0) {
            out.append('\\').append(e);
          } else {
            out.append((char) v);
            k += 2;
          }
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            int n = 1;
            while (n < 3 && k + 1 < s.length() && s.charAt(k + 1) >= '0' && s.charAt(k + 1) <= '7') {
              v = v * 8 + (s.charAt(++k) - '0');
              n++;
            }
            out.append((char) (v & 0xff));
          } else {
            out.append('\\').append(e);
          }
        }
      }
    }
    return out.toString();
  }

  /** Python's {@code raw-unicode-escape} decoding used by protocol 0 UNICODE. */
  static String rawUnicodeEscape(byte[] b) {
    String s = latin1(b);
    StringBuilder out = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\' && k + 1 < s.length() && (s.charAt(k + 1) == 'u' || s.charAt(k + 1) == 'U')) {
        int digits = s.charAt(k + 1) == 'u' ? 4 : 8;
        int v = k + 2 + digits <= s.length() ? hex(s, k + 2, digits) : -1;
        if (v >= 0 && v <= Character.MAX_CODE_POINT) {
          out.appendCodePoint(v);
          k += 1 + digits;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int hex(String s, int from, int n) {
    if (from + n > s.length()) {
      return -1;
    }
    long v = 0;
    for (int k = from; k < from + n; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }
}
