package dev.modelgate.spark;

import dev.modelgate.io.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A file on any Hadoop file system, read with positioned reads ({@code PositionedReadable}) only:
 * a scan reads a checkpoint's zip directory and pickle where they lie, and on an object store
 * each read is one ranged request, never a download of the whole object. Every read first
 * checks the unit's {@link Deadline}, so a scan that runs over its time stops at its next read.
 */
final class HadoopSource implements ByteSource {
  /** One read is capped so that a huge buffer cannot turn into one huge ranged request. */
  private static final int MAX_READ = 4 << 20;

  private final FSDataInputStream in;
  private final long size;
  private final String name;
  private final Deadline deadline;
  private final Counters counters;
  private byte[] staging = new byte[0];

  private HadoopSource(FSDataInputStream in, long size, String name, Deadline deadline,
      Counters counters) {
    this.in = in;
    this.size = size;
    this.name = name;
    this.deadline = deadline;
    this.counters = counters;
  }

  /** Opens {@code path}, whose length the listing found to be {@code size}. */
  static HadoopSource open(FileSystem fs, Path path, long size, String name, Deadline deadline,
      Counters counters) throws IOException {
    deadline.check(name);
    FSDataInputStream in = fs.open(path);
    counters.fileOpened();
    return new HadoopSource(in, size, name, deadline, counters);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long pos, ByteBuffer dst) throws IOException {
    if (pos < 0) {
      throw new IllegalArgumentException(name + ": negative position " + pos);
    }
    if (pos >= size || !dst.hasRemaining()) {
      return pos >= size ? -1 : 0;
    }
    deadline.check(name);
    int want = (int) Math.min(Math.min(dst.remaining(), MAX_READ), size - pos);
    // PositionedReadable fills byte arrays; ByteBufferPositionedReadable is optional per FS
    if (staging.length < want) {
      staging = new byte[Math.max(want, Math.min(MAX_READ, staging.length * 2))];
    }
    int n = in.read(pos, staging, 0, want);
    if (n > 0) {
      dst.put(staging, 0, n);
      counters.bytesRead(n);
    }
    return n;
  }

  /**
   * The whole file (callers keep it small, see {@link UnitScan#WHOLE}) in as few requests as
   * reads allow; shorter than {@link #size} when the file shrank since it was listed.
   */
  byte[] readAll() throws IOException {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + ": too big to read whole (" + size + " bytes)");
    }
    byte[] out = new byte[(int) size];
    int pos = 0;
    while (pos < out.length) {
      deadline.check(name);
      int n = in.read(pos, out, pos, Math.min(MAX_READ, out.length - pos));
      if (n < 0) {
        return java.util.Arrays.copyOf(out, pos);
      }
      pos += n;
      counters.bytesRead(n);
    }
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
