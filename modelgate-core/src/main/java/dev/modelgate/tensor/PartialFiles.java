package dev.modelgate.tensor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Outputs in the making. A conversion writes beside its target under a name that says who writes
 * it, {@code .<target>.mgpart-<pid>-<start>-<random>.partial} (pid and start time of the writing
 * process), and renames it into place only when complete. A run that is killed ({@code kill -9},
 * a crash, a power loss) cannot remove its file, so every later write into the same folder first
 * removes the partial files whose writer is gone: its pid no longer runs, or runs a process that
 * started at another time (the pid was reused). Files of writers that still run are left alone,
 * so conversions into one folder can run side by side.
 *
 * <p>Java cannot create unnamed files ({@code O_TMPFILE} and {@code linkat}) without native
 * code, so a named file with a findable owner is the portable way to leave nothing behind for
 * long.
 */
public final class PartialFiles {
  private static final Pattern NAME = Pattern.compile(
      "\\.(.*)\\.mgpart-(\\d{1,10})-(\\d{1,19})-\\d+\\.partial", Pattern.DOTALL);
  private static final long PID = ProcessHandle.current().pid();
  private static final long START = startSeconds(ProcessHandle.current());

  private PartialFiles() {}

  /**
   * A new empty partial file for {@code target}, in its folder, after removing the leftovers of
   * dead writers there. It has the permissions of an ordinary output file ({@code rw-r--r--}),
   * not the owner-only ones of a temporary file, since it is renamed into place as it is.
   */
  public static Path create(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir != null) { // a file system root has no folder to sweep
      sweep(dir);
    }
    Path p;
    try {
      p = Files.createTempFile(dir, "." + target.getFileName() + ".mgpart-" + PID + "-"
          + Math.max(START, 0) + "-", ".partial");
    } catch (IOException e) {
      throw named(target, null, e);
    }
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // keep the platform default
    } catch (IOException e) {
      Files.deleteIfExists(p);
      throw named(target, p, e);
    }
    return p;
  }

  /** Renames a complete partial file onto {@code target}; errors name the target. */
  public static void commit(Path partial, Path target) throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw named(target, partial, e);
    }
  }

  /**
   * The output a partial file stands for: {@code dir/x.safetensors} for
   * {@code dir/.x.safetensors.mgpart-…partial} (also when a partial file is itself being written
   * through one, as staged shards are); any other path is itself.
   */
  public static Path targetOf(Path file) {
    Path p = file;
    while (p.getFileName() != null) {
      Matcher m = NAME.matcher(p.getFileName().toString());
      if (!m.matches() || m.group(1).isEmpty()) {
        break;
      }
      p = p.resolveSibling(m.group(1));
    }
    return p;
  }

  /** True when {@code file} is named like a partial file (of any writer). */
  public static boolean isPartial(Path file) {
    return file.getFileName() != null && NAME.matcher(file.getFileName().toString()).matches();
  }

  /**
   * Removes the partial files in {@code dir} whose writer no longer runs; returns how many.
   * Best effort: a file that cannot be removed stays (it is still recognisable by its name).
   */
  public static int sweep(Path dir) {
    int removed = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.mgpart-*.partial")) {
      for (Path p : s) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && !alive(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)))
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.deleteIfExists(p);
            removed++;
          } catch (IOException e) {
            // another sweeper got it, or the folder is read-only: nothing to do
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable folder: the create or write that follows reports it
    }
    return removed;
  }

  /** Whether the writer {@code pid}, started at {@code start} (epoch seconds), still runs. */
  static boolean alive(long pid, long start) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    long now = startSeconds(h.get());
    // start times are read from /proc with clock-tick precision: a second either way is noise
    return now <= 0 || start <= 0 || Math.abs(now - start) <= 1;
  }

  private static long startSeconds(ProcessHandle h) {
    return h.info().startInstant().map(i -> i.getEpochSecond()).orElse(-1L);
  }

  /**
   * The same failure, naming the user's output instead of the internal partial file: "disk full"
   * or "permission denied" must point at what the user asked to write. Failures that name another
   * file (the input being read) are left as they are; nameless ones say what was being written.
   */
  static IOException named(Path target, @Nullable Path partial, IOException e) {
    String t = targetOf(target).toString();
    String tmp = partial == null ? null : partial.toString();
    if (e instanceof FileSystemException f) {
      if (!ours(f.getFile(), tmp, true) && !ours(f.getOtherFile(), tmp, false)) {
        return e; // about another file, or named already
      }
      String reason = f.getReason() == null ? f.getClass().getSimpleName() : f.getReason();
      FileSystemException out = switch (f) {
        case AccessDeniedException a -> new AccessDeniedException(t, null, reason);
        case NoSuchFileException n -> new NoSuchFileException(t, null, "its folder does not exist");
        default -> new FileSystemException(t, null, reason);
      };
      out.initCause(e);
      return out;
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (m.startsWith(t + ": ") || m.startsWith("writing " + t + ": ")) {
      return e;
    }
    return new IOException("writing " + t + ": " + (tmp == null ? m : m.replace(tmp, t)), e);
  }

  private static boolean ours(@Nullable String file, @Nullable String partial,
      boolean nullIsOurs) {
    if (file == null) {
      return nullIsOurs;
    }
    return file.equals(partial) || isPartial(Path.of(file));
  }
}
