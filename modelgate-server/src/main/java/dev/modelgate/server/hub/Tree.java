package dev.modelgate.server.hub;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.server.http.HttpError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A commit's full recursive listing as the gateway keeps and serves it: only the fields the
 * client needs ({@code type}, {@code oid}, {@code size}, {@code path}, {@code lfs}). Xet hashes
 * are dropped on purpose: a client that sees one may fetch the file from Xet storage directly,
 * around the gateway. Entries whose path could not be a safe repository path are dropped too.
 */
final class Tree {
  private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** A file or folder; {@code lfsSha256} is null for files kept in git itself. */
  record Entry(String type, String oid, long size, String path, String lfsSha256, long lfsSize,
      long lfsPointerSize) {
    boolean file() {
      return type.equals("file");
    }

    boolean lfs() {
      return lfsSha256 != null;
    }

    /** The file's real size (an LFS pointer's target). */
    long fileSize() {
      return lfs() ? lfsSize : size;
    }

    /** The ETag the Hub gives: the LFS sha256, or the git blob id. */
    String etag() {
      return lfs() ? lfsSha256 : oid;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", type);
      m.put("oid", oid);
      m.put("size", size);
      m.put("path", path);
      if (lfs()) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("oid", lfsSha256);
        l.put("size", lfsSize);
        l.put("pointerSize", lfsPointerSize);
        m.put("lfs", l);
      }
      return m;
    }
  }

  private final List<Entry> entries;
  private final Map<String, Entry> byPath = new LinkedHashMap<>();

  Tree(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : entries) {
      byPath.put(e.path(), e);
    }
  }

  List<Entry> entries() {
    return entries;
  }

  Entry file(String path) {
    Entry e = byPath.get(path);
    return e != null && e.file() ? e : null;
  }

  List<Entry> files() {
    return entries.stream().filter(Entry::file).toList();
  }

  /**
   * Entries below {@code folder} ("" for the root): all of them when recursive, else the direct
   * children only, as the Hub answers.
   */
  List<Entry> under(String folder, boolean recursive) {
    String prefix = folder.isEmpty() ? "" : folder + "/";
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.path().startsWith(prefix) || e.path().equals(folder)) {
        continue;
      }
      if (recursive || e.path().indexOf('/', prefix.length()) < 0) {
        out.add(e);
      }
    }
    return out;
  }

  boolean hasFolder(String folder) {
    Entry e = byPath.get(folder);
    return folder.isEmpty() || (e != null && !e.file());
  }

  String toJson() {
    List<Object> l = new ArrayList<>();
    for (Entry e : entries) {
      l.add(e.json());
    }
    return JsonWriter.write(l, false);
  }

  /** Parses stored JSON (our own shape) or an upstream page (theirs, more fields). */
  static List<Entry> parse(byte[] json) throws HttpError {
    Object doc;
    try {
      doc = Json.parse(json);
    } catch (JsonException e) {
      throw new HttpError(502, "the upstream's tree listing is not valid JSON");
    }
    if (!(doc instanceof List<?> list)) {
      throw new HttpError(502, "the upstream's tree listing is not a JSON array");
    }
    List<Entry> out = new ArrayList<>();
    for (Object o : list) {
      Entry e = entry(o);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static Entry entry(Object o) {
    if (!(o instanceof Map<?, ?> m) || !(m.get("path") instanceof String path)
        || !(m.get("type") instanceof String type)) {
      return null;
    }
    try {
      HubPaths.checkFile(path);
    } catch (HttpError e) {
      return null;
    }
    String oid = m.get("oid") instanceof String s ? s : "";
    long size = m.get("size") instanceof Long l ? l : 0;
    if (type.equals("directory")) {
      return new Entry(type, oid, 0, path, null, 0, 0);
    }
    if (!type.equals("file") || size < 0 || !HEX40.matcher(oid).matches()) {
      return null;
    }
    if (m.get("lfs") instanceof Map<?, ?> lfs) {
      if (!(lfs.get("oid") instanceof String sha) || !HEX64.matcher(sha).matches()
          || !(lfs.get("size") instanceof Long ls) || ls < 0) {
        return null;
      }
      long ps = lfs.get("pointerSize") instanceof Long p ? p : size;
      return new Entry(type, oid, size, path, sha, ls, ps);
    }
    return new Entry(type, oid, size, path, null, 0, 0);
  }
}
