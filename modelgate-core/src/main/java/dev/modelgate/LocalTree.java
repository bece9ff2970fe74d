package dev.modelgate;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.SourceTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files a folder walk found, as a {@link SourceTree}; paths use {@code /}. */
final class LocalTree implements SourceTree {
  private final Path root;
  private final Map<String, Path> files = new LinkedHashMap<>();

  LocalTree(Path root, List<Path> walked) {
    this.root = root;
    for (Path f : walked) {
      files.put(root.relativize(f).toString().replace('\\', '/'), f);
    }
  }

  @Override
  public String name() {
    return root.toString();
  }

  @Override
  public List<File> files() throws IOException {
    List<File> out = new ArrayList<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      long size;
      try {
        size = Files.size(e.getValue());
      } catch (IOException x) {
        size = -1; // reported when it is opened
      }
      out.add(new File(e.getKey(), size));
    }
    return out;
  }

  /** The walked file at {@code rel}, one of this tree's own {@link #files()}. */
  Path path(String rel) {
    Path p = files.get(rel);
    if (p == null) {
      throw new IllegalArgumentException("not a file of the walk of " + root + ": " + rel);
    }
    return p;
  }

  @Override
  public ByteSource open(String path) throws IOException {
    Path p = files.get(path);
    if (p == null) {
      throw new NoSuchFileException(root + "!/" + path, null, "not a file of this folder");
    }
    return FileSource.open(p, root + "!/" + path);
  }
}
