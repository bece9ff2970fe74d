package dev.modelgate.hub;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.SourceTree;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One commit of a Hub repository, opened for reading: its listing, and a temporary folder for
 * what is fetched, bounded by a byte budget and removed by {@link #close()}. As a
 * {@link SourceTree} it is scanned like a folder; its members are named
 * {@code hf://ORG/REPO@COMMIT/path}.
 */
public final class HubSnapshot implements SourceTree, Closeable {
  /** Rule of a fetched file whose bytes do not have the sha256 the Hub lists for it. */
  public static final String DIGEST_MISMATCH = "hub.digest-mismatch";

  private final HubClient client;
  private final HubRef ref;
  private final HubListing listing;
  private final Path dir;
  private final long maxBytes;
  private final Map<String, HubListing.HubFile> byPath = new HashMap<>();
  private final Map<String, RemoteFile> open = new HashMap<>();
  private long fetched;

  private HubSnapshot(HubClient client, HubRef ref, HubListing listing, Path dir, long maxBytes) {
    this.client = client;
    this.ref = ref;
    this.listing = listing;
    this.dir = dir;
    this.maxBytes = maxBytes;
    for (HubListing.HubFile f : listing.files()) {
      byPath.put(f.path(), f);
    }
  }

  /**
   * Resolves and lists {@code ref}.
   *
   * @param maxBytes the most this snapshot may fetch (and so hold on disk)
   */
  public static HubSnapshot open(HubClient client, HubRef ref, long maxBytes) throws IOException {
    HubListing listing = HubListing.fetch(client, ref);
    Path dir = Files.createTempDirectory("modelgate-hf-");
    return new HubSnapshot(client, ref, listing, dir, maxBytes);
  }

  public String commit() {
    return listing.commit();
  }

  /** {@code hf://ORG/REPO@COMMIT}. */
  @Override
  public String name() {
    return HubRef.SCHEME + ref.repo() + "@" + listing.commit();
  }

  /** The temporary folder (removed by {@link #close()}). */
  public Path folder() {
    return dir;
  }

  /** Bytes fetched so far. */
  public long fetched() {
    return fetched;
  }

  HubClient client() {
    return client;
  }

  @Override
  public List<File> files() {
    List<File> out = new ArrayList<>();
    for (HubListing.HubFile f : listing.files()) {
      out.add(new File(f.path(), f.size()));
    }
    return out;
  }

  @Override
  public ByteSource open(String path) throws IOException {
    RemoteFile r = open.get(path);
    if (r == null) {
      HubListing.HubFile f = byPath.get(path);
      if (f == null) {
        throw new java.nio.file.NoSuchFileException(name() + "/" + path);
      }
      r = new RemoteFile(this, f, name() + "/" + path, resolve(path),
          dir.resolve("range-" + open.size()));
      open.put(path, r);
    }
    return r;
  }

  private URI resolve(String path) {
    return client.uri("/" + ref.repo() + "/resolve/" + listing.commit() + "/"
        + HubClient.filePath(path));
  }

  /** Counts {@code n} more bytes against the budget, before they are fetched. */
  void charge(long n, String what) throws IOException {
    if (n > maxBytes - fetched) {
      throw new IOException(what + ": fetching it would exceed the " + maxBytes + "-byte budget"
          + " for " + ref + " (raise --hf-max-bytes)");
    }
    long free = Files.getFileStore(dir).getUsableSpace();
    if (n > free) {
      throw new IOException(what + ": " + n + " bytes do not fit in " + dir + " (" + free
          + " free)");
    }
    fetched += n;
  }

  /**
   * Scans the commit as one tree, fetching only what the readers read. Files are not read in full
   * to hash them: a member's sha256 is computed when its bytes were all fetched (and checked
   * against the Hub's), else it is the Hub's LFS digest, or absent.
   */
  public ScanReport scan(ScanOptions options) throws IOException {
    ScanOptions remote = new ScanOptions(options.policy(), options.limits(), 0, options.debug(),
        options.listener());
    ScanReport raw = new Scanner(remote).scan(this);
    String root = name();
    List<ScanResult> out = new ArrayList<>(raw.results().size());
    boolean mismatch = false;
    for (ScanResult r : raw.results()) {
      String path = r.path().startsWith(root + "!/")
          ? root + "/" + r.path().substring(root.length() + 2) : r.path();
      String rel = path.startsWith(root + "/") ? path.substring(root.length() + 1) : null;
      HubListing.HubFile f = rel == null ? null : byPath.get(rel);
      String sha = r.sha256();
      Verdict verdict = r.verdict();
      List<Finding> findings = r.findings();
      if (f != null) {
        RemoteFile fetchedFile = open.get(rel);
        sha = fetchedFile != null && fetchedFile.complete() ? sha256(fetchedFile) : f.sha256();
        if (f.sha256() != null && !f.sha256().equals(sha)) {
          findings = new ArrayList<>(findings);
          findings.add(new Finding(DIGEST_MISMATCH, Verdict.INVALID, "the bytes served for this"
              + " file do not have the sha256 the Hub lists for it", "", "listed " + f.sha256()
              + ", served " + sha));
          verdict = Verdict.worst(verdict, Verdict.INVALID);
          mismatch = true;
        }
      }
      out.add(new ScanResult(path, r.format(), r.size(), sha, verdict, findings, r.topLevel()));
    }
    if (mismatch && !out.isEmpty()) {
      // a mismatch makes the commit itself at least invalid
      ScanResult top = out.get(0);
      out.set(0, new ScanResult(top.path(), top.format(), top.size(), top.sha256(),
          Verdict.worst(top.verdict(), Verdict.INVALID), top.findings(), top.topLevel()));
    }
    return new ScanReport(out, raw.baselineKnown());
  }

  private static String sha256(RemoteFile f) throws IOException {
    MessageDigest md = digest();
    FileChannel ch = f.cache();
    ByteBuffer buf = ByteBuffer.allocate(Math.clamp(f.size(), 1, 1 << 20));
    long pos = 0;
    while (pos < f.size()) {
      int n = ch.read(buf.clear(), pos);
      if (n < 0) {
        break;
      }
      md.update(buf.flip());
      pos += n;
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fetches every file whole into {@code folder()/REPO/} (what hashing and verifying read), each
   * checked against its listed size and, for LFS files, its sha256. Returns that folder.
   */
  public Path download() throws IOException {
    String repoName = ref.repo().substring(ref.repo().indexOf('/') + 1);
    Path model = dir.resolve("snapshot").resolve(repoName);
    Files.createDirectories(model);
    for (HubListing.HubFile f : listing.files()) {
      Path target = model.resolve(f.path()).normalize();
      if (!target.startsWith(model) || target.equals(model)) {
        throw new IOException(name() + ": unsafe path " + f.path());
      }
      Files.createDirectories(target.getParent());
      charge(f.size(), name() + "/" + f.path());
      fetchWhole(f, target);
    }
    return model;
  }

  private void fetchWhole(HubListing.HubFile f, Path target) throws IOException {
    String what = name() + "/" + f.path();
    HttpResponse<InputStream> r = client.get(resolve(f.path()), what, "Accept-Encoding",
        "identity");
    MessageDigest md = digest();
    long done = 0;
    try (InputStream in = r.body(); FileChannel out = FileChannel.open(target,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      if (r.statusCode() != 200) {
        throw new IOException(what + ": the Hub answered HTTP " + r.statusCode());
      }
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) >= 0) {
        done += n;
        if (done > f.size()) {
          throw new IOException(what + ": the Hub sent more than the listed " + f.size()
              + " bytes");
        }
        md.update(buf, 0, n);
        ByteBuffer w = ByteBuffer.wrap(buf, 0, n);
        while (w.hasRemaining()) {
          out.write(w);
        }
      }
    }
    if (done != f.size()) {
      throw new IOException(what + ": the Hub sent " + done + " of the listed " + f.size()
          + " bytes");
    }
    String sha = HexFormat.of().formatHex(md.digest());
    if (f.sha256() != null && !f.sha256().equals(sha)) {
      throw new IOException(what + ": the bytes served do not have the sha256 the Hub lists ("
          + f.sha256() + ", served " + sha + ")");
    }
  }

  /** Closes the cache files and removes the temporary folder. */
  @Override
  public void close() throws IOException {
    for (RemoteFile r : open.values()) {
      r.release();
    }
    open.clear();
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
