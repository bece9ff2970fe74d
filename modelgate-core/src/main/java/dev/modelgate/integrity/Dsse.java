package dev.modelgate.integrity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** DSSE pre-authentication encoding, plus the variant model_signing v0.2 signed by mistake. */
final class Dsse {
  static final String IN_TOTO = "application/vnd.in-toto+json";

  private Dsse() {}

  /** {@code DSSEv1 <len(type)> <type> <len(body)> <body>}, lengths in bytes. */
  static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 64);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /**
   * What v0.2 signed: {@code DSSEV1} (capital V), the in-toto type, and Python's {@code repr()}
   * of the payload bytes ({@code b'...'} with escapes) instead of the bytes themselves.
   */
  static byte[] paeCompat(byte[] payload) {
    String s = "DSSEV1 " + IN_TOTO.length() + " " + IN_TOTO + " " + payload.length + " "
        + pythonBytesRepr(payload);
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Python 3 {@code repr(bytes)}. */
  static String pythonBytesRepr(byte[] b) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte x : b) {
      hasSingle |= x == '\'';
      hasDouble |= x == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder sb = new StringBuilder(b.length + 8).append('b').append(quote);
    for (byte x : b) {
      int c = x & 0xff;
      if (c == quote || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c < 0x20 || c >= 0x7f) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.append(quote).toString();
  }
}
