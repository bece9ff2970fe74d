package dev.modelgate.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A private temp file in the data folder that an upload or an upstream fetch is written to,
 * hashed while it is written. It is scanned, then either committed into the blob store (the same
 * file, renamed) or deleted: the bytes judged are the bytes served.
 */
public final class Spool implements AutoCloseable {
  private final Path path;
  private final FileChannel ch;
  private final MessageDigest sha256;
  private final MessageDigest gitSha1;
  private Digester digester;
  private long size;
  private boolean finished;
  private boolean kept;

  Spool(Path path, long gitBlobSize) throws IOException {
    this.path = path;
    this.ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
      if (gitBlobSize >= 0) {
        // git names a blob by sha1("blob <size>\0" + content): non-LFS files are checked by it
        gitSha1 = MessageDigest.getInstance("SHA-1");
        gitSha1.update(("blob " + gitBlobSize + "\0").getBytes(StandardCharsets.US_ASCII));
      } else {
        gitSha1 = null;
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path path() {
    return path;
  }

  public long size() {
    return size;
  }

  /** Appends all of {@code buf}. */
  public void write(ByteBuffer buf) throws IOException {
    ByteBuffer view = buf.duplicate();
    sha256.update(view);
    if (gitSha1 != null) {
      gitSha1.update(buf.duplicate());
    }
    while (buf.hasRemaining()) {
      size += ch.write(buf);
    }
  }

  public void write(byte[] b, int off, int len) throws IOException {
    write(ByteBuffer.wrap(b, off, len));
  }

  /**
   * A free buffer of {@code 1 MiB} for {@link #append}: bytes appended through these are hashed
   * on another thread while the caller fills the next one. Do not mix with {@link #write}.
   */
  public byte[] buffer() throws IOException {
    if (digester == null) {
      digester = new Digester(sha256, gitSha1, 4, 1 << 20);
    }
    return digester.take();
  }

  /** Appends {@code b[0, len)}, a buffer from {@link #buffer}, which it takes back. */
  public void append(byte[] b, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
    while (bb.hasRemaining()) {
      size += ch.write(bb);
    }
    digester.put(b, len);
  }

  /** Flushes the bytes to disk; returns their sha256 (and git blob sha1, if asked for). */
  public Digests finish() throws IOException {
    Digests d = digests();
    force();
    return d;
  }

  /** The digests of everything written (once: the digests are consumed). */
  public Digests digests() throws IOException {
    if (digester != null) {
      digester.drain();
    }
    return new Digests(HexFormat.of().formatHex(sha256.digest()),
        gitSha1 == null ? null : HexFormat.of().formatHex(gitSha1.digest()), size);
  }

  /** Flushes the bytes to disk; only a forced spool may be committed. */
  public void force() throws IOException {
    ch.force(true);
    finished = true;
  }

  boolean finished() {
    return finished;
  }

  /** Marks the file as moved away (into the blob store): close must not delete it. */
  void kept() {
    kept = true;
  }

  /** What was written. */
  public record Digests(String sha256, String gitSha1, long size) {}

  /** Deletes the spool now (an upload that has been judged); closing again does nothing. */
  public void discard() throws IOException {
    close();
  }

  /** Closes the file and deletes it unless it was committed into the store. */
  @Override
  public void close() throws IOException {
    if (digester != null) {
      digester.close();
    }
    try {
      ch.close();
    } finally {
      if (!kept) {
        Files.deleteIfExists(path);
      }
    }
  }
}
