package dev.modelgate;

import dev.modelgate.io.RegularFile;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A walk of a folder on disk that judges every entry a loader could open, in name order. Regular
 * files, and links to regular files that stay inside, are scanned (Hugging Face caches link
 * snapshots to blobs, so inside a {@code snapshots/} folder the whole cache repository counts as
 * inside). Everything else becomes a finding of the folder instead of being skipped: links that
 * leave the folder (to files or to folders a loader would descend into) name their target; FIFOs,
 * sockets and devices are never opened (a FIFO blocks the reader, a device reads without end);
 * link loops and links back to an enclosing folder are reported as loops; unreadable folders as
 * unreadable. Links are never followed by the walk itself, so it cannot loop.
 */
record Walk(Path root, @Nullable List<Path> files, List<Finding> findings) {

  static Walk of(Path root) throws IOException {
    Path realRoot = root.toRealPath();
    Walker w = new Walker(root, LocalFolder.cacheRepository(realRoot));
    w.directory(root);
    return new Walk(root, w.files, w.findings);
  }

  private static final class Walker {
    /** Linux gives up after 40 links on one path (ELOOP); a chain that long is a loop to us. */
    private static final int MAX_HOPS = 40;
    private final Path root;
    private final Path allowed;
    private final List<Path> files = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    Walker(Path root, Path allowed) {
      this.root = root;
      this.allowed = allowed;
    }

    void directory(Path dir) throws IOException {
      List<Path> entries = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        s.forEach(entries::add);
      } catch (AccessDeniedException | DirectoryIteratorException e) {
        add("fs.unreadable", Verdict.INVALID, "folder cannot be listed: a loader may see files"
            + " that were not scanned", dir, "");
        return;
      }
      entries.sort(null);
      for (Path p : entries) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (a.isDirectory()) {
          directory(p);
        } else if (a.isRegularFile()) {
          files.add(p);
        } else if (a.isSymbolicLink()) {
          link(dir, p);
        } else {
          special(p, p, "");
        }
      }
    }

    /** Judges the link {@code p}, an entry of the folder {@code dir}. */
    private void link(Path dir, Path p) throws IOException {
      String arrow = rel(p) + " -> " + Files.readSymbolicLink(p);
      Path real;
      try {
        real = p.toRealPath();
      } catch (NoSuchFileException e) {
        Path lexical = dir.resolve(Files.readSymbolicLink(p)).toAbsolutePath()
            .normalize();
        if (!lexical.startsWith(allowed) && !lexical.startsWith(root.toAbsolutePath())) {
          add("fs.symlink-outside", Verdict.SUSPICIOUS, "a symbolic link points outside the"
              + " folder, to " + lexical + ", which does not exist yet: whoever creates it"
              + " decides what loaders read", p, arrow);
        } else {
          add("fs.symlink-dangling", Verdict.CLEAN, "a symbolic link whose target does not"
              + " exist; loaders fail to open it", p, arrow);
        }
        return;
      } catch (FileSystemException e) {
        if (loops(p)) {
          add("fs.symlink-loop", Verdict.INVALID, "symbolic links form a loop: opening it fails"
              + " and walkers that follow links never end", p, arrow);
        } else {
          add("fs.unreadable", Verdict.INVALID, "link cannot be resolved: " + e.getReason(), p,
              arrow);
        }
        return;
      }
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      if (!real.startsWith(allowed)) {
        add("fs.symlink-outside", Verdict.SUSPICIOUS, "a symbolic link points outside the folder"
            + (a.isDirectory() ? ", to the folder " : ", to ") + real + ": loaders that follow"
            + " it read " + (a.isDirectory() ? "files" : "a file")
            + " the model's publisher never shipped, which were not scanned", p, arrow);
      } else if (a.isRegularFile()) {
        files.add(p);
      } else if (a.isDirectory()) {
        Path realParent = dir.toRealPath();
        if (realParent.startsWith(real)) {
          add("fs.symlink-loop", Verdict.INVALID, "a symbolic link to an enclosing folder ("
              + real + "): walkers that follow links never end", p, arrow);
        } else {
          add("fs.symlink-directory", Verdict.CLEAN, "a symbolic link to a folder inside the"
              + " model; its files are scanned where they are", p, arrow);
        }
      } else {
        special(p, real, arrow);
      }
    }

    /** True when following the chain of links from p comes back to a link already seen. */
    private boolean loops(Path p) {
      java.util.Set<Path> seen = new java.util.HashSet<>();
      Path at = p.toAbsolutePath().normalize();
      for (int hop = 0; hop < MAX_HOPS; hop++) {
        if (!seen.add(at)) {
          return true;
        }
        try {
          if (!Files.isSymbolicLink(at)) {
            return false;
          }
          Path parent = at.getParent();
          if (parent == null) {
            return false; // a file-system root, which is not a link
          }
          at = parent.resolve(Files.readSymbolicLink(at)).normalize();
        } catch (IOException e) {
          return false;
        }
      }
      return true;
    }

    private void special(Path p, Path target, String arrow) {
      add("fs.special-file", Verdict.SUSPICIOUS, "not a regular file but a "
          + RegularFile.kind(target) + ": it is not opened (a loader opening it may block or"
          + " read without end, and what it reads was never scanned)", p, arrow);
    }

    private void add(String rule, Verdict v, String message, Path p, String evidence) {
      findings.add(new Finding(rule, v, message, rel(p), evidence));
    }

    private String rel(Path p) {
      return root.relativize(p).toString().replace('\\', '/');
    }
  }
}
