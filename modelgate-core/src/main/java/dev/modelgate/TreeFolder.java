package dev.modelgate;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.SourceTree;
import dev.modelgate.spi.Folder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The folder around one file of a {@link SourceTree}: relative paths are joined and normalised
 * like POSIX paths, and anything that climbs out of the file's own folder is outside, as ONNX
 * and joblib loaders see it.
 */
final class TreeFolder implements Folder {
  private final SourceTree tree;
  private final Map<String, Long> sizes;
  private final Set<String> directories;
  private final String dir;
  private final String self;

  private TreeFolder(SourceTree tree, Map<String, Long> sizes, Set<String> directories,
      String self) {
    this.tree = tree;
    this.sizes = sizes;
    this.directories = directories;
    this.self = self;
    int slash = self.lastIndexOf('/');
    this.dir = slash < 0 ? "" : self.substring(0, slash);
  }

  /** A factory for the folders of every file of {@code files}, sharing one index of them. */
  static java.util.function.Function<String, Folder> of(SourceTree tree,
      List<SourceTree.File> files) {
    Map<String, Long> sizes = new HashMap<>();
    Set<String> dirs = new HashSet<>();
    dirs.add("");
    for (SourceTree.File f : files) {
      sizes.put(f.path(), f.size());
      for (int s = f.path().indexOf('/'); s >= 0; s = f.path().indexOf('/', s + 1)) {
        dirs.add(f.path().substring(0, s));
      }
    }
    return self -> new TreeFolder(tree, sizes, dirs, self);
  }

  @Override
  public Entry lookup(String relative) {
    if (relative.indexOf('\0') >= 0) {
      return new Entry(Kind.MISSING, "", -1, false);
    }
    String path = normalise(relative);
    if (path == null) {
      return new Entry(Kind.OUTSIDE, relative, -1, false);
    }
    Long size = sizes.get(path);
    if (size != null) {
      return new Entry(Kind.FILE, "", size, path.equals(self));
    }
    return new Entry(directories.contains(path) ? Kind.DIRECTORY : Kind.MISSING, "", -1, false);
  }

  @Override
  public ByteSource open(String relative) throws IOException {
    String path = normalise(relative);
    if (path == null || !sizes.containsKey(path)) {
      throw new java.nio.file.NoSuchFileException(tree.name() + "/" + relative);
    }
    return tree.open(path);
  }

  /** The tree path {@code relative} names from this file's folder, or null when it leaves it. */
  private @Nullable String normalise(String relative) {
    if (relative.startsWith("/")) {
      return null;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String p : relative.split("/", -1)) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    String rel = String.join("/", parts);
    return dir.isEmpty() ? rel : rel.isEmpty() ? dir : dir + "/" + rel;
  }
}
