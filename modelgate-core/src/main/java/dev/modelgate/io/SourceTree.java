package dev.modelgate.io;

import java.io.IOException;
import java.util.List;

/**
 * A folder of files that need not be on the local disk: a Hadoop file system tree, a Hub
 * repository, a folder already listed by someone else. The scanner judges it as one unit, as it
 * does a folder on disk (a SavedModel, a sharded checkpoint, a repository snapshot).
 */
public interface SourceTree {

  /** One file of the tree: its path relative to the root, with {@code /}, and its size. */
  record File(String path, long size) {}

  /** Display name of the root, e.g. {@code hdfs://nn/models/bert}. */
  String name();

  /** Every regular file of the tree, in name order. */
  List<File> files() throws IOException;

  /** Opens one of {@link #files()}; the source is named {@code path}. */
  ByteSource open(String path) throws IOException;
}
