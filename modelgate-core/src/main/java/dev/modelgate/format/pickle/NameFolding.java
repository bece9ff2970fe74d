package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleValue.Bytes;
import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.Global;
import dev.modelgate.format.pickle.PickleValue.ListV;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.pickle.PickleValue.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Constant folding of the names a STACK_GLOBAL imports when a pickle computes them at load time
 * instead of writing them ({@code codecs.decode('bf', 'rot13')}, {@code ''.join([...])},
 * {@code base64.b64decode(...).decode()}): the string functions scanners' evasion tricks use are
 * evaluated here on constants, so the import is judged by the name Python would import. What
 * cannot be folded (an unknown function, a value read from a module) is unknowable, and the
 * import is reported as such. Nothing is ever called; results are bounded in size and depth.
 */
final class NameFolding {
  /** The module of an import whose name cannot be known before the pickle runs. */
  static final String UNKNOWN = "<computed at load time>";
  private static final int MAX_DEPTH = 12;
  private static final int MAX_CHARS = 4096;

  private NameFolding() {}

  /** True for a value STACK_GLOBAL may be given that Python computes: a call or a global. */
  static boolean computed(PickleValue v) {
    return v instanceof Call || v instanceof Global;
  }

  /** The string {@code v} evaluates to, or null when that cannot be known here. */
  static @Nullable String fold(PickleValue v) {
    Object r = value(v, 0);
    return r instanceof String s ? s : null;
  }

  /** A String, a byte[] or null. */
  private static @Nullable Object value(PickleValue v, int depth) {
    if (depth > MAX_DEPTH) {
      return null;
    }
    if (v instanceof Str s) {
      return s.complete() ? s.text() : null;
    }
    if (v instanceof Bytes b) {
      if (b.length() > MAX_CHARS) {
        return null;
      }
      try {
        return b.data().bytes(0, (int) b.length());
      } catch (IOException e) {
        return null;
      }
    }
    if (!(v instanceof Call c)) {
      return null;
    }
    Object out = c.global() != null ? function(c.global().module() + "." + c.global().name(),
        c.args(), depth) : method(c, depth);
    if ((out instanceof String s && s.length() > MAX_CHARS)
        || (out instanceof byte[] b && b.length > MAX_CHARS)) {
      return null;
    }
    return out;
  }

  private static @Nullable Object arg(List<PickleValue> args, int k, int depth) {
    return k < args.size() ? value(args.get(k), depth + 1) : null;
  }

  private static @Nullable Object function(String f, List<PickleValue> args, int depth) {
    Object a = arg(args, 0, depth);
    Object b = arg(args, 1, depth);
    return switch (f) {
      case "builtins.str" -> a instanceof String s ? s
          : a instanceof byte[] x && b instanceof String enc ? decode(x, enc) : null;
      case "builtins.str.join" -> a instanceof String sep && args.size() > 1
          ? join(sep, args.get(1), depth) : null;
      case "operator.add", "operator.concat", "_operator.add", "_operator.concat",
          "builtins.str.__add__" -> concat(a, b);
      case "codecs.decode", "_codecs.decode", "codecs.encode", "_codecs.encode" ->
          codec(a, b == null ? "utf-8" : b, f.endsWith("encode"));
      case "builtins.bytes.decode", "builtins.bytearray.decode" ->
          a instanceof byte[] x ? decode(x, b instanceof String e ? e : "utf-8") : null;
      case "builtins.bytes.fromhex", "binascii.unhexlify", "binascii.a2b_hex", "base64.b16decode"
          -> hex(a);
      case "base64.b64decode", "base64.standard_b64decode", "binascii.a2b_base64" -> b64(a, false);
      case "base64.urlsafe_b64decode" -> b64(a, true);
      case "builtins.reversed" -> a instanceof String s ? new StringBuilder(s).reverse()
          .toString() : null;
      case "builtins.str.lower" -> a instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
      case "builtins.str.upper" -> a instanceof String s ? s.toUpperCase(Locale.ROOT) : null;
      case "builtins.str.strip" -> a instanceof String s ? s.strip() : null;
      case "builtins.str.replace" -> a instanceof String s && b instanceof String x
          && arg(args, 2, depth) instanceof String y ? s.replace(x, y) : null;
      case "builtins.str.format" -> a instanceof String s && !s.contains("{") ? s : null;
      default -> null;
    };
  }

  /** {@code getattr(x, 'decode')()} and friends: a method looked up on a folded value. */
  private static @Nullable Object method(Call c, int depth) {
    if (!(c.callable() instanceof Call lookup) || lookup.global() == null
        || !lookup.global().qualified().equals("builtins.getattr") || lookup.args().size() != 2
        || !(lookup.args().get(1) instanceof Str m) || !m.complete()) {
      return null;
    }
    Object self = value(lookup.args().get(0), depth + 1);
    List<PickleValue> rest = c.args();
    return switch (m.text()) {
      case "decode" -> self instanceof byte[] x ? decode(x, arg(rest, 0, depth) instanceof String e
          ? e : "utf-8") : null;
      case "join" -> self instanceof String sep && !rest.isEmpty() ? join(sep, rest.get(0), depth)
          : null;
      case "lower", "upper", "strip", "replace" -> function("builtins.str." + m.text(),
          prepend(lookup.args().get(0), rest), depth);
      default -> null;
    };
  }

  private static List<PickleValue> prepend(PickleValue first, List<PickleValue> rest) {
    java.util.ArrayList<PickleValue> l = new java.util.ArrayList<>();
    l.add(first);
    l.addAll(rest);
    return l;
  }

  private static @Nullable String join(String sep, PickleValue items, int depth) {
    List<PickleValue> parts = items instanceof ListV l ? l.items()
        : items instanceof Tuple t ? t.items() : null;
    Object single = parts == null ? value(items, depth + 1) : null;
    if (single instanceof String s) {
      return String.join(sep, s.chars().mapToObj(ch -> String.valueOf((char) ch)).toList());
    }
    if (parts == null || parts.size() > MAX_CHARS) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < parts.size(); k++) {
      if (!(value(parts.get(k), depth + 1) instanceof String s)) {
        return null;
      }
      b.append(k == 0 ? "" : sep).append(s);
    }
    return b.toString();
  }

  private static @Nullable Object concat(@Nullable Object a, @Nullable Object b) {
    if (a instanceof String x && b instanceof String y) {
      return x + y;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
      System.arraycopy(y, 0, out, x.length, y.length);
      return out;
    }
    return null;
  }

  private static @Nullable Object codec(@Nullable Object data, Object encoding,
      boolean encode) {
    if (!(encoding instanceof String e)) {
      return null;
    }
    String enc = e.toLowerCase(Locale.ROOT).replace('-', '_');
    if (enc.equals("rot13") || enc.equals("rot_13")) {
      return data instanceof String s ? rot13(s) : null;
    }
    if (enc.equals("hex") || enc.equals("hex_codec")) {
      return encode || !(data instanceof byte[] || data instanceof String) ? null : hex(data);
    }
    if (enc.equals("base64") || enc.equals("base64_codec")) {
      return encode ? null : b64(data, false);
    }
    java.nio.charset.Charset cs = charset(enc);
    if (encode) {
      return data instanceof String s && cs != null ? s.getBytes(cs) : null;
    }
    return data instanceof byte[] x ? decode(x, enc) : null;
  }

  private static java.nio.charset.@Nullable Charset charset(String enc) {
    return switch (enc) {
      case "latin1", "latin_1", "iso8859_1", "iso_8859_1" -> StandardCharsets.ISO_8859_1;
      case "ascii", "us_ascii" -> StandardCharsets.US_ASCII;
      case "utf_8", "utf8", "u8" -> StandardCharsets.UTF_8;
      default -> null; // another codec: not folded
    };
  }

  private static @Nullable String decode(byte[] b, String enc) {
    java.nio.charset.Charset cs = charset(enc.toLowerCase(Locale.ROOT).replace('-', '_'));
    return cs == null ? null : new String(b, cs);
  }

  private static byte @Nullable [] hex(@Nullable Object a) {
    String s = a instanceof String x ? x : a instanceof byte[] y
        ? new String(y, StandardCharsets.ISO_8859_1) : null;
    try {
      return s == null ? null : HexFormat.of().parseHex(s.replace(" ", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte @Nullable [] b64(@Nullable Object a, boolean url) {
    String s = a instanceof String x ? x : a instanceof byte[] y
        ? new String(y, StandardCharsets.ISO_8859_1) : null;
    try {
      return s == null ? null : (url ? Base64.getUrlDecoder() : Base64.getMimeDecoder())
          .decode(s.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String rot13(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 'a' && ch <= 'z') {
        b.append((char) ('a' + (ch - 'a' + 13) % 26));
      } else if (ch >= 'A' && ch <= 'Z') {
        b.append((char) ('A' + (ch - 'A' + 13) % 26));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
