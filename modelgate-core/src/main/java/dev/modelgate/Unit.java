package dev.modelgate;

import java.nio.file.Path;

/** One file a scan of paths works on: a file named on its own, or one file of a folder. */
sealed interface Unit {
  /** Names the file, so a parallel scan can check that its caller takes them in plan order. */
  String key();

  /** A file named on the command line (or in the list): a top-level result of its own. */
  record Top(Path file) implements Unit {
    @Override
    public String key() {
      return file.toString();
    }
  }

  /** A file of a folder being scanned: a member {@code folder!/path} of the folder's result. */
  record InTree(LocalTree tree, String path) implements Unit {
    @Override
    public String key() {
      return tree.name() + "!/" + path;
    }
  }
}
