package dev.modelgate.spark;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.SourceTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model folder on any Hadoop file system as the core's {@link SourceTree}: listed once (one
 * recursive listing, a few LIST requests on an object store), each file opened as a
 * {@link HadoopSource} that keeps to the unit's deadline.
 */
final class HadoopTree implements SourceTree {
  private final FileSystem fs;
  private final String name;
  private final Deadline deadline;
  private final Counters counters;
  private final List<File> files = new ArrayList<>();
  private final Map<String, Path> paths = new HashMap<>();
  private final Map<String, Long> sizes = new HashMap<>();

  HadoopTree(FileSystem fs, Path root, String name, Deadline deadline, Counters counters)
      throws IOException {
    this.fs = fs;
    this.name = name;
    this.deadline = deadline;
    this.counters = counters;
    String prefix = root.toUri().getPath();
    prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    for (org.apache.hadoop.fs.FileStatus f : Listing.files(fs, root)) {
      String p = f.getPath().toUri().getPath();
      if (p.startsWith(prefix)) {
        String rel = p.substring(prefix.length());
        files.add(new File(rel, f.getLen()));
        paths.put(rel, f.getPath());
        sizes.put(rel, f.getLen());
      }
    }
    files.sort(Comparator.comparing(File::path));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<File> files() {
    return List.copyOf(files);
  }

  @Override
  public ByteSource open(String path) throws IOException {
    Path p = paths.get(path);
    if (p == null) {
      throw new java.io.FileNotFoundException(name + "!/" + path + ": not in the folder");
    }
    return HadoopSource.open(fs, p, sizes.get(path), path, deadline, counters);
  }
}
