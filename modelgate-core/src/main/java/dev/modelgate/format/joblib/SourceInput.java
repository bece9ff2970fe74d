package dev.modelgate.format.joblib;

import dev.modelgate.io.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** A {@link ByteSource} read as a stream from an offset, for decompressors. */
final class SourceInput extends InputStream {
  private final ByteSource src;
  private long pos;

  SourceInput(ByteSource src, long pos) {
    this.src = src;
    this.pos = pos;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = src.read(pos, ByteBuffer.wrap(b, off, len));
    if (n > 0) {
      pos += n;
    }
    return n;
  }
}
