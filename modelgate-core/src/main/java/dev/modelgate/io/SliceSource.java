package dev.modelgate.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A window {@code [offset, offset+length)} of another source, e.g. a stored zip member. */
final class SliceSource implements ByteSource {
  private final ByteSource base;
  private final long offset;
  private final long length;

  SliceSource(ByteSource base, long offset, long length) {
    if (offset < 0 || length < 0 || offset > base.size() || length > base.size() - offset) {
      throw new IllegalArgumentException(
          base.name() + ": window " + offset + "+" + length + " outside " + base.size() + " bytes");
    }
    this.base = base;
    this.offset = offset;
    this.length = length;
  }

  ByteSource base() {
    return base;
  }

  long offset() {
    return offset;
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public int read(long pos, ByteBuffer dst) throws IOException {
    if (pos < 0) {
      throw new IllegalArgumentException("negative position " + pos);
    }
    if (pos >= length) {
      return -1;
    }
    long avail = length - pos;
    if (dst.remaining() <= avail) {
      return base.read(offset + pos, dst);
    }
    ByteBuffer view = dst.slice().limit((int) avail);
    int n = base.read(offset + pos, view);
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  @Override
  public String name() {
    return base.name();
  }

  @Override
  public Optional<FileRegion> fileRegion() {
    return base.fileRegion().map(r -> new FileRegion(r.channel(), r.offset() + offset, length));
  }
}
