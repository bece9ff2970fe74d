package dev.modelgate.integrity;

import java.util.Comparator;

/**
 * The reference's resource order: Python sorts {@code PurePosixPath}s component by component
 * (so {@code tokenizer/vocab.txt} precedes {@code tokenizer.json}, because {@code tokenizer}
 * is a prefix of {@code tokenizer.json}), comparing strings by code point, then shards by start
 * and end offset as integers.
 */
final class PathOrder {
  private PathOrder() {}

  static final Comparator<String> PATHS = PathOrder::comparePaths;

  static int comparePaths(String a, String b) {
    String[] pa = a.split("/", -1);
    String[] pb = b.split("/", -1);
    int n = Math.min(pa.length, pb.length);
    for (int k = 0; k < n; k++) {
      int c = compareCodePoints(pa[k], pb[k]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pa.length, pb.length);
  }

  /** Code point order, unlike {@link String#compareTo} which compares UTF-16 units. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Orders resource names of one serialization method. */
  static Comparator<ManifestItem> items(boolean sharded) {
    if (!sharded) {
      return (x, y) -> comparePaths(x.name(), y.name());
    }
    return (x, y) -> {
      ShardName a = ShardName.parse(x.name());
      ShardName b = ShardName.parse(y.name());
      int c = comparePaths(a.path(), b.path());
      if (c != 0) {
        return c;
      }
      c = Long.compare(a.start(), b.start());
      return c != 0 ? c : Long.compare(a.end(), b.end());
    };
  }

  /** {@code path:start:end}; the path may not contain ':' in the reference's parser. */
  record ShardName(String path, long start, long end) {
    static ShardName parse(String name) {
      String[] parts = name.split(":", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "invalid shard name '" + name + "': expected path:start:end");
      }
      try {
        long s = Long.parseLong(parts[1]);
        long e = Long.parseLong(parts[2]);
        if (s < 0 || e <= s) {
          throw new IllegalArgumentException("invalid shard range in '" + name + "'");
        }
        return new ShardName(parts[0], s, e);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("invalid shard offsets in '" + name + "'");
      }
    }

    @Override
    public String toString() {
      return path + ":" + start + ":" + end;
    }
  }
}
