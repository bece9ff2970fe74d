package dev.modelgate.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/** A file on disk, read through positional {@link FileChannel} reads; counts what it reads. */
public final class FileSource implements ByteSource {
  private final FileChannel channel;
  private final long size;
  private final String name;
  private final Path path;

  private FileSource(FileChannel channel, String name, Path path) throws IOException {
    this.channel = channel;
    this.size = channel.size();
    this.name = name;
    this.path = path;
  }

  public static FileSource open(Path path) throws IOException {
    return open(path, path.toString());
  }

  public static FileSource open(Path path, String name) throws IOException {
    return new FileSource(RegularFile.open(path), name, path);
  }

  /**
   * The path this file was opened from. The bytes are those of the open file, whatever the path
   * names now; the path only locates the folder around it (formats that open siblings).
   */
  public Path path() {
    return path;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long pos, ByteBuffer dst) throws IOException {
    if (pos >= size) {
      return -1;
    }
    int n = channel.read(dst, pos);
    if (n > 0) {
      IoStats.addRead(n);
    }
    return n;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<FileRegion> fileRegion() {
    return Optional.of(new FileRegion(channel, 0, size));
  }

  public FileChannel channel() {
    return channel;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
