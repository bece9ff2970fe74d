package dev.modelgate;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a describing scan keeps for its caller: the descriptions readers published and the
 * member sources they read from. Closed together, newest first, by the {@link DescribedScan}
 * that owns them.
 */
final class Keeper implements Closeable {
  private final List<Closeable> owned = new ArrayList<>();

  void own(Closeable c) {
    owned.add(c);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (int k = owned.size() - 1; k >= 0; k--) {
      try {
        owned.get(k).close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    owned.clear();
    if (first != null) {
      throw first;
    }
  }

  /** Closes after a failure, keeping the failure as the exception that counts. */
  void closeAfter(Throwable failure) {
    try {
      close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
