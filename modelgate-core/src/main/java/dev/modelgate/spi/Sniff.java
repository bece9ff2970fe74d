package dev.modelgate.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * What a handler may look at to claim a file: its first bytes, its size and its name. The name is
 * a hint for ordering only; a handler must confirm the format from the bytes.
 *
 * @param head up to {@link #HEAD_BYTES} bytes from offset 0
 */
@SuppressWarnings("ArrayRecordComponent") // the head is read by every handler's sniff: no copy
public record Sniff(String name, long size, byte[] head) {
  public static final int HEAD_BYTES = 64 * 1024;

  /** True when the file starts with {@code magic}. */
  public boolean startsWith(byte[] magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int k = 0; k < magic.length; k++) {
      if (head[k] != magic[k]) {
        return false;
      }
    }
    return true;
  }

  public boolean startsWith(String asciiMagic) {
    return startsWith(asciiMagic.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Little-endian view of the head. */
  public ByteBuffer buffer() {
    // asReadOnlyBuffer() resets the order to big-endian, so the order is set on the view.
    return ByteBuffer.wrap(head).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Lower-case file name without directories. */
  public String fileName() {
    String n = name;
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    return n.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
