package dev.modelgate.integrity;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny DER reader and writer: enough to turn a SEC1 {@code EC PRIVATE KEY} into PKCS#8 and to
 * read certificate extensions. Every length is checked against the enclosing buffer.
 */
final class Der {
  static final int SEQUENCE = 0x30;
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int IA5_STRING = 0x16;

  /** One element: tag, and the value's bounds in {@code buf}. */
  @SuppressWarnings("ArrayRecordComponent") // a view into the DER buffer being read, never compared
  record Tlv(byte[] buf, int tag, int start, int end, int next) {
    byte[] value() {
      return java.util.Arrays.copyOfRange(buf, start, end);
    }

    List<Tlv> children() throws IntegrityException {
      List<Tlv> out = new ArrayList<>();
      int p = start;
      while (p < end) {
        Tlv t = read(buf, p, end);
        out.add(t);
        p = t.next();
      }
      return out;
    }
  }

  private Der() {}

  static Tlv read(byte[] buf, int pos, int limit) throws IntegrityException {
    if (pos + 2 > limit) {
      throw new IntegrityException("DER: truncated element at offset " + pos);
    }
    int tag = buf[pos] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new IntegrityException("DER: multi-byte tags are not supported (offset " + pos + ")");
    }
    int lenByte = buf[pos + 1] & 0xff;
    int p = pos + 2;
    long len;
    if (lenByte < 0x80) {
      len = lenByte;
    } else {
      int n = lenByte & 0x7f;
      if (n == 0 || n > 4 || p + n > limit) {
        throw new IntegrityException("DER: bad length at offset " + pos);
      }
      len = 0;
      for (int k = 0; k < n; k++) {
        len = (len << 8) | (buf[p + k] & 0xff);
      }
      p += n;
    }
    if (len > limit - p) {
      throw new IntegrityException("DER: length " + len + " at offset " + pos + " runs past the end");
    }
    return new Tlv(buf, tag, p, p + (int) len, p + (int) len);
  }

  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] b : parts) {
      body.writeBytes(b);
    }
    byte[] v = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = v.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(v);
    return out.toByteArray();
  }

  /** Dotted form of an OBJECT IDENTIFIER's value bytes. */
  static String oid(byte[] v) throws IntegrityException {
    if (v.length == 0 || v.length > 64) {
      throw new IntegrityException("DER: bad object identifier");
    }
    StringBuilder sb = new StringBuilder();
    long acc = 0;
    boolean first = true;
    for (byte b : v) {
      acc = (acc << 7) | (b & 0x7f);
      if (acc > (1L << 56)) {
        throw new IntegrityException("DER: object identifier arc too large");
      }
      if ((b & 0x80) == 0) {
        if (first) {
          long a = Math.min(acc / 40, 2);
          sb.append(a).append('.').append(acc - 40 * a);
          first = false;
        } else {
          sb.append('.').append(acc);
        }
        acc = 0;
      }
    }
    return sb.toString();
  }
}
