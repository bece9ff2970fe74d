package dev.modelgate.spark;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code mgtest:}, so the job treats it as remote. It can
 * be made slow ({@link #delayMillis} per read) and counts positioned and streaming reads apart,
 * to show that the job only uses positioned ones.
 */
public final class TestFileSystem extends RawLocalFileSystem {
  static volatile long delayMillis;
  static final AtomicLong POSITIONED = new AtomicLong();
  static final AtomicLong STREAMED = new AtomicLong();

  @Override
  public URI getUri() {
    return URI.create("mgtest:///");
  }

  @Override
  public String getScheme() {
    return "mgtest";
  }

  @Override
  public java.io.File pathToFile(Path path) {
    checkPath(path);
    Path p = path.isAbsolute() ? path : new Path(getWorkingDirectory(), path);
    return new java.io.File(p.toUri().getPath());
  }

  @Override
  public Path getWorkingDirectory() {
    return new Path("mgtest:" + System.getProperty("user.dir"));
  }

  // plain statuses: the local ones load permissions through java.io.File(URI), file: only
  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return plain(super.getFileStatus(f));
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] all = super.listStatus(f);
    for (int i = 0; i < all.length; i++) {
      all[i] = plain(all[i]);
    }
    return all;
  }

  private FileStatus plain(FileStatus s) {
    return new FileStatus(s.getLen(), s.isDirectory(), 1, s.getBlockSize(),
        s.getModificationTime(), makeQualified(s.getPath()));
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    return new FSDataInputStream(new Counted(super.open(f, bufferSize)));
  }

  /** Delegates to the local stream, counting (and delaying) each read. */
  private static final class Counted extends FSInputStream {
    private final FSDataInputStream in;

    Counted(FSDataInputStream in) {
      this.in = in;
    }

    private static void pause() throws InterruptedIOException {
      long d = delayMillis;
      if (d > 0) {
        try {
          Thread.sleep(d);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        }
      }
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) throws IOException {
      pause();
      POSITIONED.incrementAndGet();
      return in.read(position, buffer, offset, length);
    }

    @Override
    public int read() throws IOException {
      STREAMED.incrementAndGet();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      pause();
      STREAMED.incrementAndGet();
      return in.read(b, off, len);
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
      return false;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
