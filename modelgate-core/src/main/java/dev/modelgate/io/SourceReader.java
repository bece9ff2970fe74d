package dev.modelgate.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reader over a {@link ByteSource} with its own buffer. Every variable
 * length is checked against the bytes that remain before anything is allocated; running out of
 * input throws {@link InvalidInputException} with rule {@code <prefix>.truncated} and the offset.
 */
public final class SourceReader {
  private static final int BUFFER = 64 * 1024;
  /**
   * First refill size. Readers often jump to a header, read a few dozen bytes and leave (zip local
   * headers in front of tensor data), so refills start small and double while reading goes on.
   */
  private static final int FIRST_FILL = 1024;

  private final ByteSource src;
  private final String rulePrefix;
  private final String location;
  /** Grows with the refill size, so a reader that reads one header allocates ~1 KiB, not 64. */
  private ByteBuffer buf;
  private final ByteOrder order;
  private long bufStart;
  private int bufLen;
  private int nextFill = FIRST_FILL;
  private long pos;

  /**
   * @param rulePrefix prefix of rule ids for errors, e.g. {@code gguf}
   * @param location member name used in error locations (offsets are appended as {@code @n})
   */
  public SourceReader(ByteSource src, long start, String rulePrefix, String location) {
    this(src, start, rulePrefix, location, ByteOrder.LITTLE_ENDIAN);
  }

  /** A reader for formats that also exist in big-endian form (GGUF written for s390x). */
  public SourceReader(ByteSource src, long start, String rulePrefix, String location,
      ByteOrder order) {
    this.order = order;
    this.buf = ByteBuffer.allocate(0).order(order);
    this.src = src;
    this.rulePrefix = rulePrefix;
    this.location = location;
    this.pos = start;
    this.bufStart = start;
  }

  public long position() {
    return pos;
  }

  public long remaining() {
    return Math.max(0, src.size() - pos);
  }

  public boolean atEnd() {
    return pos >= src.size();
  }

  public ByteSource source() {
    return src;
  }

  /** Location string {@code member@offset} for the current position. */
  public String here() {
    return at(pos);
  }

  public String at(long offset) {
    return location.isEmpty() ? "@" + offset : location + "@" + offset;
  }

  /** Moves to an absolute offset (not past the end). */
  public void seek(long offset) throws InvalidInputException {
    if (offset < 0 || offset > src.size()) {
      throw truncated("seek to " + offset + " beyond " + src.size() + " bytes");
    }
    pos = offset;
  }

  public void skip(long n) throws InvalidInputException {
    require(n);
    pos += n;
  }

  /** Throws unless {@code n} more bytes exist. */
  public void require(long n) throws InvalidInputException {
    if (n < 0 || n > remaining()) {
      throw truncated("needs " + n + " bytes but only " + remaining() + " remain");
    }
  }

  public int u8() throws IOException {
    fill(1);
    return (int) advanced(buf.get(index()) & 0xff, 1);
  }

  public int u16() throws IOException {
    fill(2);
    return (int) advanced(buf.getShort(index()) & 0xffff, 2);
  }

  public long u32() throws IOException {
    fill(4);
    long v = buf.getInt(index()) & 0xffffffffL;
    return advanced(v, 4);
  }

  public int i32() throws IOException {
    fill(4);
    int v = buf.getInt(index());
    return (int) advanced(v, 4);
  }

  /** Unsigned 64-bit value; callers compare with {@link Long#compareUnsigned} or check sign. */
  public long u64() throws IOException {
    fill(8);
    long v = buf.getLong(index());
    return advanced(v, 8);
  }

  public double f64() throws IOException {
    return Double.longBitsToDouble(u64());
  }

  public float f32() throws IOException {
    return Float.intBitsToFloat(i32());
  }

  /** Exactly {@code n} bytes; {@code n} is checked against what remains first. */
  public byte[] bytes(long n) throws IOException {
    require(n);
    if (n > Integer.MAX_VALUE - 16) {
      throw new InvalidInputException(rulePrefix + ".too-large",
          "length " + n + " is too large to hold in memory", here());
    }
    byte[] out = new byte[(int) n];
    int done = 0;
    while (done < n) {
      if (pos >= bufStart && pos < bufStart + bufLen) {
        int off = index();
        int k = Math.min(bufLen - off, (int) n - done);
        buf.get(off, out, done, k);
        done += k;
        pos += k;
      } else if (n - done >= BUFFER) {
        ByteBuffer dst = ByteBuffer.wrap(out, done, (int) n - done);
        src.readFully(pos, dst);
        pos += n - done;
        done = (int) n;
      } else {
        fill(1);
      }
    }
    return out;
  }

  public String utf8(long n) throws IOException {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  /** Returns the byte at the current position without consuming it, or -1 at the end. */
  public int peek() throws IOException {
    if (atEnd()) {
      return -1;
    }
    fill(1);
    return buf.get(index()) & 0xff;
  }

  public InvalidInputException truncated(String what) {
    return new InvalidInputException(rulePrefix + ".truncated", what, here());
  }

  private int index() {
    return (int) (pos - bufStart);
  }

  private long advanced(long v, int n) {
    pos += n;
    return v;
  }

  /** Ensures {@code n} bytes from {@code pos} are in the buffer, refilling as needed. */
  private void fill(int n) throws IOException {
    if (n > remaining()) {
      throw truncated("needs " + n + " bytes but only " + remaining() + " remain");
    }
    if (pos >= bufStart && pos + n <= bufStart + bufLen) {
      return;
    }
    int want = (int) Math.min(Math.max(n, nextFill), src.size() - pos);
    nextFill = Math.min(BUFFER, nextFill * 2);
    if (buf.capacity() < want) {
      buf = ByteBuffer.allocate(Math.max(want, Math.min(BUFFER, buf.capacity() * 2)))
          .order(order);
    }
    buf.clear().limit(want);
    src.readFully(pos, buf);
    bufStart = pos;
    bufLen = want;
  }
}
