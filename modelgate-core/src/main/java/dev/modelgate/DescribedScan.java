package dev.modelgate;

import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.Description;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A scan whose caller goes on to use the bytes it judged: the results, plus what the readers
 * found ({@link Description}s: parsed pickles, storages, tensor views, headers) for the
 * top-level file or, for a tree, for each file the caller asked to keep, with the open source
 * those bytes came from. Convert and inspect build on these instead of opening the file again,
 * so what they use is what was scanned. Closing this releases what the descriptions hold
 * (inflated members spilled to temporary files) and the kept sources of a tree; a source the
 * caller passed in stays the caller's.
 */
public final class DescribedScan implements Closeable {
  private final List<ScanResult> results;
  private final @Nullable Description description;
  private final Map<String, File> files;
  private final Keeper keeper;

  /** One kept file of a tree: the source it was scanned from and its description, if any. */
  public record File(ByteSource source, Optional<Description> description) {}

  DescribedScan(List<ScanResult> results, @Nullable Description description, Map<String, File> files,
      Keeper keeper) {
    this.results = List.copyOf(results);
    this.description = description;
    this.files = Map.copyOf(files);
    this.keeper = keeper;
  }

  public List<ScanResult> results() {
    return results;
  }

  public ScanReport report() {
    return new ScanReport(results);
  }

  /** The top-level file's description; empty for trees and for formats that publish none. */
  public Optional<Description> description() {
    return Optional.ofNullable(description);
  }

  /** A file of a scanned tree that the caller asked to keep, by its relative path. */
  public Optional<File> file(String relativePath) {
    return Optional.ofNullable(files.get(relativePath));
  }

  @Override
  public void close() throws IOException {
    keeper.close();
  }
}
