package dev.modelgate.io;

import java.nio.channels.FileChannel;

/** A byte range of an open file: {@code length} bytes from {@code offset}. */
public record FileRegion(FileChannel channel, long offset, long length) {
  public FileRegion {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative file region " + offset + "+" + length);
    }
  }
}
