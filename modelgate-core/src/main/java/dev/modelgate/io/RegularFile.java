package dev.modelgate.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way modelgate opens a file on disk for reading: only when it is (or a link leads to) a
 * regular file. Opening a FIFO blocks until someone writes to it, a device reads without end, and
 * neither holds bytes that a scan could judge and a loader would then see, so they are refused
 * before {@code open(2)} is ever called. (Java cannot open with {@code O_NONBLOCK} or
 * {@code fstat} an open channel, so a file swapped for a FIFO between the check and the open is
 * the remaining race; it needs someone writing to the folder while it is scanned.)
 */
public final class RegularFile {
  private RegularFile() {}

  /** Opens {@code path} read-only, or throws {@link NotRegular} naming what it is instead. */
  public static FileChannel open(Path path) throws IOException {
    check(path);
    return FileChannel.open(path, StandardOpenOption.READ);
  }

  /** Throws {@link NotRegular} unless {@code path} is, or links to, a regular file. */
  public static void check(Path path) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new NotRegular(path, kind(path));
    }
  }

  /** Reads a whole small regular file (keys, policies, signatures): never a FIFO or device. */
  public static byte[] readAll(Path path) throws IOException {
    check(path);
    return Files.readAllBytes(path);
  }

  /**
   * What {@code path} is, following links: "regular file", "directory", "FIFO", "socket",
   * "character device", "block device", or "special file" where the platform does not say.
   */
  public static String kind(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      if (a.isRegularFile()) {
        return "regular file";
      }
      if (a.isDirectory()) {
        return "directory";
      }
      Object mode = Files.getAttribute(path, "unix:mode");
      if (mode instanceof Integer m) {
        return switch (m & 0170000) {
          case 0010000 -> "FIFO";
          case 0140000 -> "socket";
          case 0020000 -> "character device";
          case 0060000 -> "block device";
          default -> "special file";
        };
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no unix view (or the file went away): the generic name is all we can say
    }
    return "special file";
  }

  /** True when {@code path} itself (not following a link) is a FIFO, socket or device. */
  public static boolean special(Path path) throws IOException {
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    return a.isOther();
  }

  /** A path that is not a regular file where one was needed; the message names both. */
  public static final class NotRegular extends FileSystemException {
    private static final long serialVersionUID = 1L;

    public NotRegular(Path path, String kind) {
      super(path.toString(), null, "not a regular file but a " + kind + "; it is not opened");
    }
  }
}
