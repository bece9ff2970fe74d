package dev.modelgate.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One thing to scan as a whole: a file, or a model folder on a local disk. What a task receives.
 *
 * @param path qualified URI of the file or folder, e.g. {@code file:/data/m.pt},
 *     {@code s3a://bucket/m.pt}; every row of the unit is named below it
 * @param size bytes (a folder: all its files)
 * @param mtime modification time in ms since the epoch (a folder: its newest file)
 * @param files 1, or the number of files of a folder
 * @param folder true for a model folder scanned as one result
 * @param copies other files with the same bytes, which get copies of this unit's rows
 * @param dedupe true when other files of this size are in the same task: the task hashes it
 *     before scanning and scans each content once (see {@link UnitScan})
 */
record Unit(String path, long size, long mtime, int files, boolean folder, List<Copy> copies,
    boolean dedupe) implements Serializable {

  /** Charged per file on top of its bytes: opening a file costs like reading this much. */
  static final long FILE_COST = 256 << 10;
  /** What a scan reads of a file over the hash limit: its directory and pickle, as a guess. */
  static final long HEADER_COST = 4 << 20;

  Unit {
    copies = List.copyOf(copies);
  }

  static Unit file(String path, long size, long mtime) {
    return new Unit(path, size, mtime, 1, false, List.of(), false);
  }

  Unit withCopies(List<Copy> c) {
    return new Unit(path, size, mtime, files, folder, c, dedupe);
  }

  Unit withDedupe() {
    return new Unit(path, size, mtime, files, folder, copies, true);
  }

  /** True when the core can open the unit itself (a local disk), with sibling checks and all. */
  boolean local() {
    return path.toLowerCase(Locale.ROOT).startsWith("file:");
  }

  /**
   * What scanning costs, for balancing tasks: the bytes a scan reads, which are the whole file
   * up to the hash limit (it is hashed) and its structure beyond it, plus a fixed cost per file.
   */
  long cost(long hashLimit) {
    long bytes = folder ? Math.min(size, files * Math.max(hashLimit, HEADER_COST))
        : size <= hashLimit ? size : HEADER_COST;
    return files * FILE_COST + bytes;
  }

  /** Another file whose bytes equal this unit's. */
  record Copy(String path, long mtime) implements Serializable {}
}
