package dev.modelgate.hub;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A revision resolved to its commit, and the commit's files (the recursive tree API, every page
 * of it). Paths, sizes and digests come from a server, so each is checked: a path that could
 * leave a folder, a negative size or a malformed digest makes the whole listing an error.
 */
record HubListing(String commit, List<HubFile> files) {
  static final int MAX_FILES = 100_000;
  private static final int MAX_JSON = 64 << 20;
  private static final int MAX_PAGES = 1_000;
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  /** One file: its path in the repository, its size, and its sha256 when the Hub states one (LFS). */
  record HubFile(String path, long size, @Nullable String sha256) {}

  static HubListing fetch(HubClient c, HubRef ref) throws IOException {
    String what = ref.toString();
    Object rev = c.json(c.uri(HubClient.api(ref.repo()) + "/revision/"
        + HubClient.segment(ref.revision())), what, MAX_JSON, null);
    if (!(rev instanceof Map<?, ?> m) || !(m.get("sha") instanceof String sha)
        || !COMMIT.matcher(sha).matches()) {
      throw new IOException(what + ": the Hub's revision answer names no commit");
    }
    List<HubFile> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    URI next = c.uri(HubClient.api(ref.repo()) + "/tree/" + sha + "?recursive=true");
    String[] link = new String[1];
    for (int page = 0; next != null; page++) {
      if (page >= MAX_PAGES) {
        throw new IOException(what + ": the Hub's file listing has more than " + MAX_PAGES
            + " pages");
      }
      Object tree = c.json(next, what, MAX_JSON, link);
      if (!(tree instanceof List<?> entries)) {
        throw new IOException(what + ": the Hub's file listing is not a list");
      }
      for (Object e : entries) {
        HubFile f = file(what, e);
        if (f != null) {
          if (!seen.add(f.path())) {
            throw new IOException(what + ": the Hub lists " + f.path() + " twice");
          }
          files.add(f);
        }
      }
      if (files.size() > MAX_FILES) {
        throw new IOException(what + ": more than " + MAX_FILES + " files");
      }
      next = next(c, link[0], what);
    }
    files.sort(Comparator.comparing(HubFile::path));
    return new HubListing(sha, List.copyOf(files));
  }

  private static @Nullable HubFile file(String what, Object e) throws IOException {
    if (!(e instanceof Map<?, ?> m) || !(m.get("type") instanceof String type)
        || !(m.get("path") instanceof String path)) {
      throw new IOException(what + ": a listing entry without type and path");
    }
    if (!type.equals("file")) {
      return null; // directories are implied by the files' paths
    }
    checkPath(what, path);
    if (!(m.get("size") instanceof Long size) || size < 0) {
      throw new IOException(what + ": " + path + " has no valid size");
    }
    String sha = null;
    if (m.get("lfs") instanceof Map<?, ?> lfs) {
      Object oid = lfs.get("oid") != null ? lfs.get("oid") : lfs.get("sha256");
      if (!(oid instanceof String s) || !SHA256.matcher(s).matches()) {
        throw new IOException(what + ": " + path + " has a malformed LFS digest");
      }
      if (lfs.get("size") instanceof Long lsize && lsize.longValue() != size) {
        throw new IOException(what + ": " + path + " has two sizes (" + size + ", " + lsize + ")");
      }
      sha = s;
    }
    return new HubFile(path, size, sha);
  }

  /** A path a loader would write under its folder: relative, no empty, . or .. segments. */
  static void checkPath(String what, String path) throws IOException {
    boolean bad = path.isEmpty() || path.length() > 1024 || path.startsWith("/")
        || path.indexOf('\\') >= 0;
    for (int i = 0; i < path.length() && !bad; i++) {
      bad = path.charAt(i) < 0x20 || path.charAt(i) == 0x7f;
    }
    for (String seg : path.split("/", -1)) {
      bad |= seg.isEmpty() || seg.equals(".") || seg.equals("..");
    }
    if (bad) {
      throw new IOException(what + ": the Hub lists a file with an unsafe path: "
          + path.replaceAll("\\p{Cntrl}", "?"));
    }
  }

  /** The next page from a {@code Link} header; only on the endpoint's own origin. */
  private static @Nullable URI next(HubClient c, @Nullable String link, String what)
      throws IOException {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT.matcher(link);
    if (!m.find()) {
      return null;
    }
    URI u = c.endpoint().resolve(m.group(1));
    URI e = c.endpoint();
    if (!e.getScheme().equals(u.getScheme()) || !java.util.Objects.equals(e.getHost(), u.getHost())
        || e.getPort() != u.getPort()) {
      throw new IOException(what + ": the Hub's next page is on another host: " + u);
    }
    return u;
  }
}
