package dev.modelgate.hub;

import dev.modelgate.io.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of a Hub commit, read through HTTP range requests: only the blocks a reader touches are
 * fetched, once, into a sparse cache file of the snapshot's temporary folder. A server that
 * ignores ranges sends the whole file, which then serves every later read. Every answer is
 * checked against the listed size and the range asked for; the bytes fetched count against the
 * snapshot's budget before they are asked for.
 */
final class RemoteFile implements ByteSource {
  static final int BLOCK = 64 << 10;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HubSnapshot snapshot;
  private final HubListing.HubFile file;
  private final String name;
  private final URI uri;
  private final FileChannel cache;
  private final BitSet have;
  private final long blocks;
  private boolean complete;

  RemoteFile(HubSnapshot snapshot, HubListing.HubFile file, String name, URI uri, Path cachePath)
      throws IOException {
    this.snapshot = snapshot;
    this.file = file;
    this.name = name;
    this.uri = uri;
    this.cache = FileChannel.open(cachePath, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
    this.blocks = (file.size() + BLOCK - 1) / BLOCK;
    if (blocks > Integer.MAX_VALUE) {
      throw new IOException(name + ": listed size " + file.size() + " is absurd");
    }
    this.have = new BitSet((int) blocks);
    this.complete = file.size() == 0;
  }

  @Override
  public long size() {
    return file.size();
  }

  @Override
  public String name() {
    return name;
  }

  HubListing.HubFile file() {
    return file;
  }

  /** Whether every byte has been fetched (the cache then holds the whole file). */
  boolean complete() {
    return complete;
  }

  FileChannel cache() {
    return cache;
  }

  @Override
  public int read(long pos, ByteBuffer dst) throws IOException {
    if (pos < 0) {
      throw new IOException(name + ": negative offset " + pos);
    }
    if (pos >= file.size()) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    long end = Math.min(file.size(), pos + dst.remaining());
    ensure(pos, end);
    ByteBuffer window = dst.duplicate();
    window.limit(window.position() + (int) (end - pos));
    int n = cache.read(window, pos);
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  /** Fetches the missing blocks of {@code [from, to)}, each run of them in one request. */
  private void ensure(long from, long to) throws IOException {
    if (complete) {
      return;
    }
    int b = (int) (from / BLOCK);
    int last = (int) ((to - 1) / BLOCK);
    while (b <= last) {
      int start = have.nextClearBit(b);
      if (start > last) {
        return;
      }
      int stop = have.nextSetBit(start);
      stop = stop < 0 || stop > last + 1 ? last + 1 : stop;
      fetch((long) start * BLOCK, Math.min(file.size(), (long) stop * BLOCK));
      if (complete) {
        return;
      }
      b = stop;
    }
  }

  private void fetch(long a, long b) throws IOException {
    snapshot.charge(b - a, name);
    HttpResponse<InputStream> r = snapshot.client().get(uri, name, "Range",
        "bytes=" + a + "-" + (b - 1), "Accept-Encoding", "identity");
    try (InputStream in = r.body()) {
      if (r.statusCode() == 206) {
        String cr = r.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(cr);
        if (!m.matches() || Long.parseLong(m.group(1)) != a || Long.parseLong(m.group(2)) != b - 1
            || (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != file.size())) {
          throw new IOException(name + ": the Hub sent bytes " + cr + " for bytes " + a + "-"
              + (b - 1) + "/" + file.size());
        }
        copy(in, a, b - a);
        have.set((int) (a / BLOCK), (int) ((b + BLOCK - 1) / BLOCK));
        complete = have.cardinality() == blocks;
      } else if (r.statusCode() == 200) {
        // no range support: the whole file, counted in full
        snapshot.charge(file.size() - (b - a), name);
        copy(in, 0, file.size());
        have.set(0, (int) blocks);
        complete = true;
      } else {
        throw new IOException(name + ": the Hub answered HTTP " + r.statusCode()
            + " to a range request");
      }
    }
  }

  /** Exactly {@code len} bytes into the cache at {@code at}; more or fewer is an error. */
  private void copy(InputStream in, long at, long len) throws IOException {
    byte[] buf = new byte[(int) Math.min(len, 1 << 20) + 1];
    long done = 0;
    while (done < len) {
      int n = in.read(buf, 0, (int) Math.min(buf.length - 1, len - done));
      if (n < 0) {
        throw new IOException(name + ": the Hub sent " + done + " of " + len + " bytes");
      }
      ByteBuffer w = ByteBuffer.wrap(buf, 0, n);
      while (w.hasRemaining()) {
        cache.write(w, at + done + (n - w.remaining()));
      }
      done += n;
    }
    if (in.read() >= 0) {
      throw new IOException(name + ": the Hub sent more than the " + len + " bytes asked for");
    }
  }

  @Override
  public void close() {
    // the snapshot owns the cache and closes it with its folder
  }

  void release() throws IOException {
    cache.close();
  }
}
