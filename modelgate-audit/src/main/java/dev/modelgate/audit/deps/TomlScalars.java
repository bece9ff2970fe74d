package dev.modelgate.audit.deps;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** TOML scalars: numbers, dates and string escapes. */
final class TomlScalars {
  private TomlScalars() {}

  interface Errors {
    Toml.TomlException error(String message);
  }

  private static final Pattern DEC = Pattern.compile("[+-]?(0|[1-9](_?[0-9])*)");
  private static final Pattern HEX = Pattern.compile("0x[0-9A-Fa-f](_?[0-9A-Fa-f])*");
  private static final Pattern OCT = Pattern.compile("0o[0-7](_?[0-7])*");
  private static final Pattern BIN = Pattern.compile("0b[01](_?[01])*");
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?(0|[1-9](_?[0-9])*)(\\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?");
  private static final Pattern DATE_TIME = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})?)?"
          + "|\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

  static Object number(Errors e, String t) throws Toml.TomlException {
    if (DEC.matcher(t).matches()) {
      BigInteger b = new BigInteger(t.replace("_", ""));
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (HEX.matcher(t).matches()) {
      return new BigInteger(t.substring(2).replace("_", ""), 16).longValue();
    }
    if (OCT.matcher(t).matches()) {
      return new BigInteger(t.substring(2).replace("_", ""), 8).longValue();
    }
    if (BIN.matcher(t).matches()) {
      return new BigInteger(t.substring(2).replace("_", ""), 2).longValue();
    }
    switch (t) {
      case "inf", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      default -> { }
    }
    if (FLOAT.matcher(t).matches() && (t.contains(".") || t.contains("e") || t.contains("E"))) {
      return Double.parseDouble(t.replace("_", ""));
    }
    if (DATE_TIME.matcher(t).matches()) {
      return t;
    }
    throw e.error("not a TOML value: '" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "'");
  }

  /** Decodes the escape after a backslash at {@code s[i-1]}; returns the index after it. */
  static int escape(Errors e, String s, int i, StringBuilder b) throws Toml.TomlException {
    if (i >= s.length()) {
      throw e.error("unterminated escape");
    }
    char c = s.charAt(i);
    switch (c) {
      case 'b' -> b.append('\b');
      case 't' -> b.append('\t');
      case 'n' -> b.append('\n');
      case 'f' -> b.append('\f');
      case 'r' -> b.append('\r');
      case '"' -> b.append('"');
      case '\\' -> b.append('\\');
      case 'u', 'U' -> {
        int n = c == 'u' ? 4 : 8;
        if (i + 1 + n > s.length()) {
          throw e.error("short unicode escape");
        }
        int cp;
        try {
          cp = Integer.parseUnsignedInt(s.substring(i + 1, i + 1 + n), 16);
        } catch (NumberFormatException ex) {
          throw e.error("bad unicode escape");
        }
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          throw e.error("unicode escape is not a scalar value");
        }
        b.appendCodePoint(cp);
        return i + 1 + n;
      }
      default -> throw e.error("invalid escape '\\" + c + "'");
    }
    return i + 1;
  }
}
