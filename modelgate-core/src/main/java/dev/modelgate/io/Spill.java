package dev.modelgate.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Materialises a decompressing stream as a {@link ByteSource}: in memory while small, in a
 * private temporary file (deleted on close) once larger, so heap use stays bounded whatever a
 * member expands to. Every chunk is charged to the {@link Budget}, which stops bombs early.
 */
public final class Spill {
  static final int IN_MEMORY_MAX = 32 << 20;
  private static final int CHUNK = 64 << 10;

  private Spill() {}

  /**
   * Reads {@code in} to its end into memory, or into a temporary file once it outgrows memory.
   *
   * @param compressedSize size of the compressed member, or -1 when unknown
   * @param location where this member is, for error messages
   */
  public static ByteSource drain(InputStream in, long compressedSize, String name, Budget budget,
      String location) throws IOException {
    byte[] mem = new byte[CHUNK];
    int len = 0;
    byte[] chunk = new byte[CHUNK];
    int n;
    while ((n = in.read(chunk)) > 0) {
      budget.charge(n, (long) len + n, compressedSize, location);
      if ((long) len + n > IN_MEMORY_MAX) {
        return toFile(in, mem, len, chunk, n, compressedSize, name, budget, location);
      }
      if (len + n > mem.length) {
        mem = Arrays.copyOf(mem, Math.min(IN_MEMORY_MAX, Math.max(mem.length * 2, len + n)));
      }
      System.arraycopy(chunk, 0, mem, len, n);
      len += n;
    }
    return new BytesSource(mem, len, name);
  }

  private static ByteSource toFile(InputStream in, byte[] mem, int len, byte[] chunk, int n,
      long compressedSize, String name, Budget budget, String location) throws IOException {
    Path tmp = Files.createTempFile("modelgate-", ".member");
    boolean ok = false;
    try {
      long produced = (long) len + n;
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        out.write(mem, 0, len);
        out.write(chunk, 0, n);
        int k;
        while ((k = in.read(chunk)) > 0) {
          produced += k;
          budget.charge(k, produced, compressedSize, location);
          out.write(chunk, 0, k);
        }
      }
      ByteSource src = new TempFileSource(tmp, name);
      ok = true;
      return src;
    } finally {
      if (!ok) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** A temporary file that is deleted when the source is closed. */
  private static final class TempFileSource implements ByteSource {
    private final Path path;
    private final FileChannel ch;
    private final long size;
    private final String name;

    TempFileSource(Path path, String name) throws IOException {
      this.path = path;
      this.ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE);
      this.size = ch.size();
      this.name = name;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int read(long pos, ByteBuffer dst) throws IOException {
      return pos >= size ? -1 : ch.read(dst, pos);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void close() throws IOException {
      ch.close();
      Files.deleteIfExists(path);
    }
  }
}
