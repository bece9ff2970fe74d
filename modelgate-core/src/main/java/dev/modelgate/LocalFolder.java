package dev.modelgate;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.spi.Folder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The folder on disk around a scanned file. A path stays inside when it does after
 * normalisation and after following links; inside a Hugging Face cache
 * ({@code models--org--name/snapshots/REV/}) the whole cache repository counts as inside, since
 * snapshot files are links to {@code ../../blobs/}.
 */
final class LocalFolder implements Folder {
  private final Path dir;
  private final Path self;
  /** The real folder links may lead into; resolved on first use (most files open no sibling). */
  private @Nullable Path allowed;

  LocalFolder(Path dir, Path self) {
    this.dir = dir.toAbsolutePath().normalize();
    this.self = self;
  }

  /**
   * The folder around {@code file}. A path with no parent once absolute is a file-system root,
   * never a regular file; it is its own folder then, so nothing outside it counts as inside.
   */
  static LocalFolder around(Path file) {
    Path abs = file.toAbsolutePath();
    Path parent = abs.getParent();
    return new LocalFolder(parent != null ? parent : abs, file);
  }

  @Override
  public Entry lookup(String relative) throws IOException {
    Path target;
    try {
      target = dir.resolve(relative).normalize();
    } catch (InvalidPathException e) {
      return new Entry(Kind.MISSING, "", -1, false); // the loader's open() fails as well
    }
    if (!target.startsWith(dir)) {
      return new Entry(Kind.OUTSIDE, target.toString(), -1, false);
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return new Entry(Kind.MISSING, "", -1, false);
    }
    if (!Files.exists(target)) {
      return new Entry(Kind.DANGLING, "", -1, false);
    }
    Path real = target.toRealPath();
    if (!real.startsWith(allowed())) {
      return new Entry(Kind.OUTSIDE, real.toString(), -1, false);
    }
    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
    if (a.isDirectory()) {
      return new Entry(Kind.DIRECTORY, "", -1, false);
    }
    if (!a.isRegularFile()) {
      return new Entry(Kind.SPECIAL, "", -1, false);
    }
    boolean isSelf = self != null && real.equals(realSelf());
    return new Entry(Kind.FILE, "", a.size(), isSelf);
  }

  @Override
  public ByteSource open(String relative) throws IOException {
    Entry e = lookup(relative);
    if (e.kind() != Kind.FILE) {
      throw new IOException(relative + ": not a regular file inside the folder (" + e.kind()
          + ")");
    }
    return FileSource.open(dir.resolve(relative).toRealPath(), relative);
  }

  private Path allowed() throws IOException {
    Path a = allowed;
    if (a == null) {
      a = cacheRepository(dir.toRealPath());
      allowed = a;
    }
    return a;
  }

  private @Nullable Path realSelf() {
    try {
      return self.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code .../models--org--name} for {@code .../models--org--name/snapshots/<rev>}, else dir. */
  static Path cacheRepository(Path realDir) {
    for (Path p = realDir; p != null && p.getParent() != null; p = p.getParent()) {
      if (p.getFileName() != null && p.getFileName().toString().equals("snapshots")) {
        return p.getParent();
      }
    }
    return realDir;
  }
}
