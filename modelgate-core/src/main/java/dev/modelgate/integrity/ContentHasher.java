package dev.modelgate.integrity;

import dev.modelgate.io.Sha256;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * SHA-256 of a byte range of a file, through the shared read-and-digest loop ({@link Sha256}):
 * positional reads into a per-thread heap array that the SHA-NI intrinsic digests. (Memory-mapped
 * windows were slower: the JDK copies a direct buffer into the digest 4 KiB at a time, and each
 * page is faulted in separately; see docs/performance.md.)
 */
final class ContentHasher {
  private ContentHasher() {}

  static byte[] sha256(Path file, long start, long end) throws IOException {
    MessageDigest md = Manifest.sha256();
    try (FileChannel ch = dev.modelgate.io.RegularFile.open(file)) {
      long size = ch.size();
      if (end > size) {
        throw new IOException(file + ": shrank while hashing (size " + size + ", expected " + end + ")");
      }
      Sha256.update(md, ch, start, end, file.toString());
    }
    return md.digest();
  }
}
