package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** Read-only {@link SeekableByteChannel} view of a {@link ByteSource} (for commons-compress). */
final class SourceChannel implements SeekableByteChannel {
  private final ByteSource src;
  private long pos;
  private boolean open = true;

  SourceChannel(ByteSource src) {
    this.src = src;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (pos >= src.size()) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    int n = src.read(pos, dst);
    if (n > 0) {
      pos += n;
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return pos;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    pos = newPosition;
    return this;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return src.size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false; // the source belongs to the caller
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
