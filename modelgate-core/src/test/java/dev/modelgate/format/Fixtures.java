package dev.modelgate.format;

import dev.modelgate.io.ByteSource;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Fixture access for format tests (files written by scripts/fixtures/*.py). */
public final class Fixtures {
  private Fixtures() {}

  /** The test resources folder. */
  public static Path root() {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path dir(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Files in a fixture folder whose names start with {@code prefix}, sorted. */
  public static List<Path> files(String folder, String prefix) {
    try (Stream<Path> s = Files.list(dir(folder))) {
      List<Path> out = s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted()
          .toList();
      if (out.isEmpty()) {
        throw new IllegalStateException("no fixtures " + folder + "/" + prefix + "*");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ScanResult scan(Path file) throws IOException {
    return new Scanner(ScanOptions.defaults()).scanFile(file).get(0);
  }

  /**
   * A source of {@code size} bytes whose first bytes are {@code head} and the rest zeros; it
   * counts the bytes read, to prove a reader never touches tensor data.
   */
  public static final class CountingSource implements ByteSource {
    private final byte[] head;
    private final long size;
    public long bytesRead;

    public CountingSource(byte[] head, long size) {
      this.head = head;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int read(long pos, ByteBuffer dst) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), size - pos);
      for (int k = 0; k < n; k++) {
        long p = pos + k;
        dst.put(p < head.length ? head[(int) p] : 0);
      }
      bytesRead += n;
      return n;
    }

    @Override
    public String name() {
      return "counting";
    }
  }
}
