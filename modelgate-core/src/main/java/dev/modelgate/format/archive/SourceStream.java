package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Sequential {@link InputStream} over a {@link ByteSource}, for decompressors that want a stream.
 * It never reads past the source's size, so a decompressor cannot be fed bytes of a neighbour.
 */
public final class SourceStream extends InputStream {
  private final ByteSource src;
  private long pos;

  public SourceStream(ByteSource src) {
    this.src = src;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= src.size()) {
      return -1;
    }
    int want = (int) Math.min(len, src.size() - pos);
    int n = src.read(pos, ByteBuffer.wrap(b, off, want));
    if (n > 0) {
      pos += n;
    }
    return n;
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, src.size() - pos));
    pos += k;
    return k;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, src.size() - pos);
  }
}
