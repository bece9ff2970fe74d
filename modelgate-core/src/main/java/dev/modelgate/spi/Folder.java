package dev.modelgate.spi;

import dev.modelgate.io.ByteSource;
import java.io.IOException;

/**
 * The folder around a scanned file, for formats whose loaders open siblings (ONNX external data,
 * joblib's array files, SavedModel assets). It may be a folder on disk, a Hadoop tree or a Hub
 * repository: handlers never touch {@code java.nio.file} themselves, so every format judges
 * siblings the same way wherever the model lives.
 */
public interface Folder {

  /** What a loader finds when it opens a relative path from the file's folder. */
  enum Kind {
    /** A regular file inside the folder (after following links that stay inside). */
    FILE,
    /** A directory inside the folder. */
    DIRECTORY,
    /** Nothing there. */
    MISSING,
    /** A link whose target does not exist. */
    DANGLING,
    /** The path, or a link on it, leads outside the folder. */
    OUTSIDE,
    /** A FIFO, socket or device: a loader may block or read a device. */
    SPECIAL
  }

  /**
   * What {@code relative} names.
   *
   * @param target for {@link Kind#OUTSIDE}: where it leads, for the finding's evidence; else ""
   * @param size for {@link Kind#FILE}: its size in bytes; else -1
   * @param self true when it is the scanned file itself
   */
  record Entry(Kind kind, String target, long size, boolean self) {}

  /**
   * Resolves a path relative to the scanned file's folder, the way a loader's
   * {@code os.path.join(folder, relative)} would, without opening it. Names a loader would
   * reject (NUL bytes, invalid encodings) are {@link Kind#MISSING}.
   */
  Entry lookup(String relative) throws IOException;

  /** Opens a path that {@link #lookup} called a {@link Kind#FILE}; named {@code relative}. */
  ByteSource open(String relative) throws IOException;
}
