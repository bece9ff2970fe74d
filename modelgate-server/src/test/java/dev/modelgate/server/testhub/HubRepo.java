package dev.modelgate.server.testhub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A fixture repository as the local Hub serves it: a folder whose files are one commit. Files
 * with model extensions are LFS files (the Hub's default .gitattributes), the others are git
 * blobs; ids are computed as git and git-lfs compute them, so the gateway's checks are real.
 */
public final class HubRepo {
  static final Set<String> LFS_EXT = Set.of("safetensors", "bin", "pt", "pth", "ckpt", "gguf",
      "onnx", "h5", "pkl", "joblib", "msgpack", "npy", "npz", "model");

  public record File(String path, long size, String gitOid, String sha256, boolean lfs,
      long pointerSize) {}

  final String id;
  final Path dir;
  final String commit;
  final Map<String, File> files = new LinkedHashMap<>();

  HubRepo(String id, Path dir) {
    this.id = id;
    this.dir = dir;
    List<Path> paths;
    try (Stream<Path> s = Files.walk(dir)) {
      paths = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder manifest = new StringBuilder();
    for (Path p : paths) {
      String rel = dir.relativize(p).toString().replace('\\', '/');
      File f = describe(rel, p);
      files.put(rel, f);
      manifest.append(rel).append(' ').append(f.gitOid()).append('\n');
    }
    commit = hex(digest("SHA-1", manifest.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static File describe(String rel, Path p) {
    String ext = rel.substring(rel.lastIndexOf('.') + 1);
    boolean lfs = LFS_EXT.contains(ext) && !rel.endsWith(".index.json");
    try {
      long size = Files.size(p);
      if (lfs) {
        // streamed: benchmark files are larger than the heap
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
          byte[] buf = new byte[1 << 20];
          int n;
          while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
          }
        }
        String sha = hex(md.digest());
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha
            + "\nsize " + size + "\n";
        byte[] pb = pointer.getBytes(StandardCharsets.US_ASCII);
        return new File(rel, size, gitOid(pb), sha, true, pb.length);
      }
      byte[] b = Files.readAllBytes(p);
      return new File(rel, b.length, gitOid(b), hex(digest("SHA-256", b)), false, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String gitOid(byte[] content) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return hex(md.digest(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] digest(String alg, byte[] b) {
    try {
      return MessageDigest.getInstance(alg).digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Tree entries (folders included) in the Hub's JSON shape, sorted by path. */
  List<Map<String, Object>> tree() {
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    for (File f : files.values()) {
      String[] parts = f.path().split("/");
      String acc = "";
      for (int i = 0; i < parts.length - 1; i++) {
        acc = acc.isEmpty() ? parts[i] : acc + "/" + parts[i];
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "directory");
        d.put("oid", hex(digest("SHA-1", acc.getBytes(StandardCharsets.UTF_8))));
        d.put("size", 0);
        d.put("path", acc);
        out.putIfAbsent(acc, d);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "file");
      m.put("oid", f.gitOid());
      m.put("size", f.size());
      m.put("path", f.path());
      if (f.lfs()) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("oid", f.sha256());
        l.put("size", f.size());
        l.put("pointerSize", f.pointerSize());
        m.put("lfs", l);
        m.put("xetHash", "0".repeat(64)); // what the real Hub adds; the gateway must drop it
      }
      out.put(f.path(), m);
    }
    return new ArrayList<>(out.values());
  }
}
