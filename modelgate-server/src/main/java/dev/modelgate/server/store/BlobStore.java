package dev.modelgate.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed files in the data folder: {@code blobs/ab/abcdef…} named by sha256, written
 * once (spool + fsync + rename + fsync of the folder) and never changed after. Spools live in
 * {@code tmp/}, which holds only unfinished work: it is emptied at start-up, so a crash mid-fetch
 * leaves nothing that could ever be served.
 */
public final class BlobStore {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final Path blobs;
  private final Path tmp;

  private BlobStore(Path root) {
    this.root = root;
    this.blobs = root.resolve("blobs");
    this.tmp = root.resolve("tmp");
  }

  /** Opens (creating) the store under {@code data} and removes leftovers of a crash. */
  public static BlobStore open(Path data) throws IOException {
    BlobStore s = new BlobStore(data);
    Files.createDirectories(s.blobs);
    Files.createDirectories(s.tmp);
    s.cleanTmp();
    // a folder we cannot write into is a start-up error, not a failure on the first download
    Path probe = s.tmp.resolve("probe-" + hex(8));
    Files.writeString(probe, "");
    Files.delete(probe);
    return s;
  }

  public Path root() {
    return root;
  }

  private void cleanTmp() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  /** Deletes a file or a folder with everything in it (not following links). */
  public static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
        for (Path c : ds) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A new spool file; {@code gitBlobSize} ≥ 0 also computes the git blob id of that size. */
  public Spool spool(String purpose, long gitBlobSize) throws IOException {
    return spool(purpose, gitBlobSize, "");
  }

  /**
   * A new spool file whose name ends in {@code suffix} (an upload's extension: converters look
   * at it); the suffix must be letters and digits after a dot.
   */
  public Spool spool(String purpose, long gitBlobSize, String suffix) throws IOException {
    if (!suffix.isEmpty() && !suffix.matches("\\.[A-Za-z0-9]{1,16}")) {
      throw new IllegalArgumentException("bad spool suffix " + suffix);
    }
    return new Spool(tmp.resolve(purpose + "-" + hex(12) + suffix), gitBlobSize);
  }

  /** A new private folder under {@code tmp/} (removed by the caller, or at the next start). */
  public Path tempDir(String purpose) throws IOException {
    return Files.createDirectory(tmp.resolve(purpose + "-" + hex(12)));
  }

  /** A new private file path under {@code tmp/} (not created). */
  public Path tempFile(String purpose) {
    return tmp.resolve(purpose + "-" + hex(12));
  }

  /** Where the blob with this sha256 lives (it may not exist). */
  public Path path(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256: " + sha256);
    }
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  /** True when the blob is present with the expected size. */
  public boolean has(String sha256, long size) {
    Path p = path(sha256);
    try {
      return Files.isRegularFile(p) && Files.size(p) == size;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Moves a finished spool into place as blob {@code sha256}. If the blob exists already (two
   * fetches of the same bytes) the spool is dropped: identical content, same name.
   */
  public Path commit(Spool s, String sha256) throws IOException {
    if (!s.finished()) {
      throw new IllegalStateException("spool not finished: " + s.path());
    }
    Path dst = path(sha256);
    Path dir = Files.createDirectories(dst.getParent());
    if (Files.exists(dst)) {
      return dst;
    }
    try {
      Files.setPosixFilePermissions(s.path(), PosixFilePermissions.fromString("r--r-----"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the store is private anyway
    }
    try {
      Files.move(s.path(), dst, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      return dst;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(root + ": tmp/ and blobs/ must be on one file system", e);
    }
    s.kept();
    fsyncDir(dir);
    return dst;
  }

  static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot open a folder for reading; the rename is still atomic
    }
  }
}
