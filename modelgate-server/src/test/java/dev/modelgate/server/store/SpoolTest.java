package dev.modelgate.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir
  Path data;

  private static String hex(String alg, byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance(alg);
    for (byte[] p : parts) {
      md.update(p);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void appendedBlocksAreHashedInOrderOnTheDigestThread() throws Exception {
    byte[] all = new byte[(3 << 20) + 12345];
    new Random(7).nextBytes(all);
    BlobStore blobs = BlobStore.open(data);
    try (Spool s = blobs.spool("fetch", all.length)) {
      int off = 0;
      while (off < all.length) {
        byte[] buf = s.buffer();
        int n = Math.min(buf.length - 1000, all.length - off); // not block-aligned
        System.arraycopy(all, off, buf, 0, n);
        s.append(buf, n);
        off += n;
      }
      Spool.Digests d = s.digests();
      assertThat(d.size()).isEqualTo(all.length);
      assertThat(d.sha256()).isEqualTo(hex("SHA-256", all));
      assertThat(d.gitSha1()).isEqualTo(hex("SHA-1", ("blob " + all.length + "\0")
          .getBytes(StandardCharsets.US_ASCII), all));
      assertThat(Files.readAllBytes(s.path())).isEqualTo(all);
    }
  }

  @Test
  void aSpoolClosedMidWayIsDeletedAndItsDigestThreadStops() throws Exception {
    BlobStore blobs = BlobStore.open(data);
    Path p;
    try (Spool s = blobs.spool("fetch", -1)) {
      p = s.path();
      byte[] buf = s.buffer();
      s.append(buf, 100);
    }
    assertThat(p).doesNotExist();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName()
        .equals("modelgate-digest") && t.isAlive() && !t.isInterrupted());
  }
}
