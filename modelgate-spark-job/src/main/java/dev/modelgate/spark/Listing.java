package dev.modelgate.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Turns inputs into units, on the driver, with names and sizes only (nothing is read but list
 * files). An input is a file, a folder tree, or a list file ({@code *.txt}, {@code *.lst},
 * {@code *.list}: one path or URI a line, relative ones resolved against the list's folder,
 * {@code #} comments). In a tree every file is its own unit, except inside a model folder, which
 * is one unit as {@code modelgate scan DIR} makes it: a folder holding a SavedModel, a Hugging
 * Face config or shard index, or a revision under {@code snapshots/} (a Hub cache). The outermost
 * model folder wins, so a SavedModel's {@code variables/} belong to it.
 * On a local disk the core walks a model folder itself (symbolic links checked as
 * {@code modelgate scan} checks them); elsewhere it is scanned as a {@link HadoopTree}.
 */
final class Listing {
  private static final Set<String> MARKERS = Set.of("saved_model.pb", "saved_model.pbtxt",
      "config.json", "model_index.json", "adapter_config.json");

  private final Configuration conf;
  private final Map<String, Unit> units = new TreeMap<>();

  private Listing(Configuration conf) {
    this.conf = conf;
  }

  /** Lists every input; a missing input is an error that names it (nothing is scanned). */
  static List<Unit> of(Configuration conf, List<String> inputs) throws IOException {
    Listing l = new Listing(conf);
    for (String in : inputs) {
      l.add(new Path(in), true);
    }
    return new ArrayList<>(l.units.values());
  }

  static boolean isListFile(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".txt") || n.endsWith(".lst") || n.endsWith(".list");
  }

  private void add(Path input, boolean allowList) throws IOException {
    FileSystem fs = input.getFileSystem(conf);
    FileStatus st;
    try {
      st = fs.getFileStatus(input);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(input + ": no such file or directory");
    }
    Path p = fs.makeQualified(st.getPath());
    if (st.isDirectory()) {
      tree(fs, p);
    } else if (allowList && isListFile(p.getName())) {
      for (Path entry : entries(fs, p)) {
        add(entry, false);
      }
    } else {
      put(Unit.file(p.toString(), st.getLen(), st.getModificationTime()));
    }
  }

  private static List<Path> entries(FileSystem fs, Path list) throws IOException {
    List<Path> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(list),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          Path e = new Path(s);
          out.add(e.isAbsoluteAndSchemeAuthorityNull() || e.toUri().getScheme() != null
              ? e : new Path(list.getParent(), s));
        }
      }
    }
    return out;
  }

  private void tree(FileSystem fs, Path root) throws IOException {
    List<FileStatus> files = files(fs, root);
    Set<Path> modelDirs = new HashSet<>();
    for (FileStatus f : files) {
      Path dir = f.getPath().getParent();
      if (isMarker(f.getPath().getName()) || isSnapshot(dir)) {
        modelDirs.add(dir);
      }
    }
    Map<Path, long[]> folderStats = new HashMap<>(); // size, newest mtime, files
    for (FileStatus f : files) {
      Path unit = outermost(root, f.getPath(), modelDirs);
      if (unit == null) {
        put(Unit.file(f.getPath().toString(), f.getLen(), f.getModificationTime()));
      } else {
        long[] s = folderStats.computeIfAbsent(unit, k -> new long[3]);
        s[0] += f.getLen();
        s[1] = Math.max(s[1], f.getModificationTime());
        s[2]++;
      }
    }
    folderStats.forEach((dir, s) -> put(new Unit(dir.toString(), s[0], s[1],
        (int) Math.min(Integer.MAX_VALUE, s[2]), true, List.of(), false)));
  }

  /**
   * Every file under {@code root}. Object stores and HDFS list a whole prefix in one recursive
   * call (a flat LIST on S3A); the local file system is walked folder by folder instead, because
   * its recursive listing loads each file's owner and permissions, which the job never needs.
   */
  static List<FileStatus> files(FileSystem fs, Path root) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      java.util.ArrayDeque<Path> dirs = new java.util.ArrayDeque<>(List.of(root));
      while (!dirs.isEmpty()) {
        for (FileStatus st : fs.listStatus(dirs.poll())) {
          if (st.isDirectory()) {
            dirs.add(st.getPath());
          } else if (st.isFile()) {
            out.add(st);
          }
        }
      }
    } else {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  private static boolean isMarker(String name) {
    return MARKERS.contains(name) || name.endsWith(".safetensors.index.json")
        || name.endsWith(".bin.index.json");
  }

  private static boolean isSnapshot(Path dir) {
    Path parent = dir.getParent();
    return parent != null && parent.getName().equals("snapshots");
  }

  /** The outermost model folder from {@code root} down that holds {@code file}, or null. */
  private static Path outermost(Path root, Path file, Set<Path> modelDirs) {
    Path found = null;
    for (Path d = file.getParent(); d != null; d = d.getParent()) {
      if (modelDirs.contains(d)) {
        found = d;
      }
      if (d.equals(root)) {
        break;
      }
    }
    return found;
  }

  private void put(Unit u) {
    units.putIfAbsent(u.path(), u);
  }
}
