package dev.modelgate.format.lightgbm;

import dev.modelgate.io.InvalidInputException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code key=value} lines of one model section, parsed the way LightGBM's string helpers
 * parse them ({@code Common::Atoi}/{@code Atof}, space separated arrays), with lengths checked.
 */
final class Values {
  private final Map<String, String> kv;
  private final String name;
  private final String location;

  Values(Map<String, String> kv, String name, String location) {
    this.kv = kv;
    this.name = name;
    this.location = location;
  }

  InvalidInputException bad(String what) {
    return new InvalidInputException("lightgbm.structure", name + ": " + what, location);
  }

  InvalidInputException tree(String what) {
    return new InvalidInputException("lightgbm.tree", name + ": " + what, location);
  }

  long integer(String key, long min, long max) throws InvalidInputException {
    String s = kv.get(key);
    if (s == null) {
      throw bad(key + " is missing");
    }
    long n;
    try {
      n = Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw bad(key + "=" + clip(s) + " is not an integer");
    }
    if (n < min || n > max) {
      throw new InvalidInputException("lightgbm.value", name + ": " + key + "=" + n
          + " is outside " + min + ".." + max, location);
    }
    return n;
  }

  /** A space-separated array of exactly {@code n} numbers ({@code n < 0}: any length). */
  double[] doubles(String key, int n) throws InvalidInputException {
    String[] parts = parts(key, n);
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = number(key, parts[i]);
    }
    return out;
  }

  /** {@link #doubles(String, int)}, or null when the key is absent. */
  double @Nullable [] doublesIfPresent(String key, int n) throws InvalidInputException {
    return kv.get(key) != null ? doubles(key, n) : null;
  }

  long[] longs(String key, int n) throws InvalidInputException {
    String[] parts = parts(key, n);
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        throw bad(key + " holds \"" + clip(parts[i]) + "\", not an integer");
      }
    }
    return out;
  }

  /** {@link #longs(String, int)}, or null when the key is absent. */
  long @Nullable [] longsIfPresent(String key, int n) throws InvalidInputException {
    return kv.get(key) != null ? longs(key, n) : null;
  }

  private String[] parts(String key, int n) throws InvalidInputException {
    String s = kv.get(key);
    if (s == null) {
      throw bad(key + " is missing");
    }
    String t = s.strip();
    String[] parts = t.isEmpty() ? new String[0] : t.split(" +");
    if (n >= 0 && parts.length != n) {
      throw bad(key + " has " + parts.length + " values, expected " + n);
    }
    return parts;
  }

  private double number(String key, String s) throws InvalidInputException {
    String t = s.toLowerCase(java.util.Locale.ROOT);
    switch (t) {
      case "inf", "+inf", "infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "-nan" -> {
        return Double.NaN;
      }
      default -> { }
    }
    try {
      if (t.startsWith("0x") || t.contains("p")) {
        throw new NumberFormatException();
      }
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw bad(key + " holds \"" + clip(s) + "\", not a number");
    }
  }

  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
