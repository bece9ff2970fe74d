package dev.modelgate.format.keras;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Names a marshalled Python code object refers to, for evidence. The marshal layout of code
 * objects changes with every Python version, so instead of decoding it this scans for string
 * objects (short/long ASCII, unicode) and skips bytes objects (the bytecode itself). It never
 * runs anything and is bounded by the input, which is capped before decoding.
 */
final class MarshalStrings {
  static final int MAX_CODE = 1 << 20;
  static final int MAX_NAMES = 40;
  static final int MAX_NAME = 80;

  private MarshalStrings() {}

  /** Decodes base64 (as Keras writes it, with line breaks); null when it is not base64. */
  static byte @Nullable [] decode(String b64) {
    if (b64.length() > MAX_CODE * 4 / 3 + 4096) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** True when the bytes start with a marshalled code object ('c', possibly with FLAG_REF). */
  static boolean isCode(byte @Nullable [] b) {
    return b != null && b.length > 0 && (b[0] & 0x7f) == 'c';
  }

  static List<String> names(byte[] b) {
    Set<String> out = new LinkedHashSet<>();
    int i = 0;
    while (i < b.length && out.size() < MAX_NAMES) {
      int t = b[i] & 0x7f;
      int len;
      int start;
      if ((t == 'z' || t == 'Z') && i + 1 < b.length) {
        len = b[i + 1] & 0xff;
        start = i + 2;
      } else if ((t == 'a' || t == 'A' || t == 'u' || t == 't' || t == 's') && i + 4 < b.length) {
        len = (b[i + 1] & 0xff) | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff) << 16
            | (b[i + 4] & 0x7f) << 24;
        start = i + 5;
      } else {
        i++;
        continue;
      }
      if (len > b.length - start) {
        i++;
        continue;
      }
      if (t == 's') {
        i = start + len; // bytecode or a bytes constant: not names
        continue;
      }
      if (len > 0 && printable(b, start, len)) {
        String s = new String(b, start, len, StandardCharsets.UTF_8);
        out.add(s.length() > MAX_NAME ? s.substring(0, MAX_NAME) + "..." : s);
        i = start + len;
      } else {
        i++;
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean printable(byte[] b, int from, int len) {
    for (int k = from; k < from + len; k++) {
      if (b[k] < 0x20 || b[k] > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
