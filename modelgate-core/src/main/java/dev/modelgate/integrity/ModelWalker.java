package dev.modelgate.integrity;

import dev.modelgate.io.RegularFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lists the regular files of a model (a file or a folder) as model-relative POSIX names, the way
 * the reference does: ignored paths (and everything under them) are skipped before anything
 * else; symlinks are refused unless allowed, and even then never followed outside the model.
 */
final class ModelWalker {
  /** One file to hash: where it is and the name the manifest gives it. */
  record Entry(Path file, String name, long size) {}

  private ModelWalker() {}

  static List<Entry> walk(Path model, Set<String> ignore, boolean allowSymlinks,
      @Nullable Collection<String> only) throws IOException, IntegrityException {
    BasicFileAttributes rootAttrs = attrs(model);
    if (rootAttrs.isSymbolicLink() && !allowSymlinks) {
      throw new IntegrityException(model + ": the model path is a symlink");
    }
    Path root = model.toRealPath();
    if (!Files.isDirectory(root)) {
      if (!Files.isRegularFile(root)) {
        throw new IntegrityException(model + ": not a regular file or folder but a "
            + RegularFile.kind(root) + " (it is not opened)");
      }
      return List.of(new Entry(root, ".", Files.size(root)));
    }
    List<Entry> out = new ArrayList<>();
    if (only != null) {
      for (String name : only) {
        checkName(name);
        if (ignored(name, ignore)) {
          continue;
        }
        Path p = root.resolve(name);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          continue; // reported as missing when the manifests are compared
        }
        Entry e = entry(root, p, name, attrs(p), allowSymlinks);
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }
    List<IntegrityException> problems = new ArrayList<>();
    Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            return ignored(name(root, dir), ignore)
                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
            String name = name(root, file);
            if (ignored(name, ignore)) {
              return FileVisitResult.CONTINUE;
            }
            try {
              Entry e = entry(root, file, name, a, allowSymlinks);
              if (e != null) {
                out.add(e);
              }
            } catch (IntegrityException ex) {
              problems.add(ex);
              return FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
          }
        });
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    return out;
  }

  private static @Nullable Entry entry(Path root, Path file, String name, BasicFileAttributes a,
      boolean allowSymlinks) throws IOException, IntegrityException {
    if (a.isSymbolicLink()) {
      if (!allowSymlinks) {
        throw new IntegrityException(name + ": is a symlink; symlinks are followed only when"
            + " allowed (--allow-symlinks), and never outside the model");
      }
      Path target;
      try {
        target = file.toRealPath();
      } catch (IOException e) {
        throw new IntegrityException(name + ": broken symlink");
      }
      if (!target.startsWith(root)) {
        throw new IntegrityException(name + ": symlink points outside the model folder");
      }
      // The reference hashes symlinked files by their link name; linked folders are not walked.
      if (Files.isDirectory(target)) {
        return null;
      }
      if (!Files.isRegularFile(target)) {
        throw new IntegrityException(name + ": symlink to a " + RegularFile.kind(target)
            + ", not a regular file (it is not opened)");
      }
      return new Entry(target, name, Files.size(target));
    }
    if (a.isDirectory()) {
      return null;
    }
    if (!a.isRegularFile()) {
      throw new IntegrityException(name + ": not a regular file but a " + RegularFile.kind(file)
          + " (it is not opened)");
    }
    return new Entry(file, name, a.size());
  }

  static BasicFileAttributes attrs(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  static String name(Path root, Path p) {
    Path rel = root.relativize(p);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (!sb.isEmpty()) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  /** True when {@code name} is an ignored path or lies under one. */
  static boolean ignored(String name, Set<String> ignore) {
    for (String p : ignore) {
      if (p.equals(".") || name.equals(p) || name.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rejects names a hostile signature could use to reach outside the model: absolute paths,
   * {@code ..} components, empty components, backslashes and NUL.
   */
  static void checkName(String name) throws IntegrityException {
    if (name.equals(".")) {
      return;
    }
    if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IntegrityException("unsafe path '" + name + "' in the signature");
    }
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.equals("..") || part.equals(".")) {
        throw new IntegrityException("unsafe path '" + name + "' in the signature");
      }
    }
  }
}
