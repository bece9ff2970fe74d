package dev.modelgate.integrity;

import java.util.List;

/**
 * How a model was turned into a manifest, as recorded in the signature's
 * {@code predicate.serialization}: verification must hash the model the same way.
 *
 * @param method {@code files} (one digest per file) or {@code shards} (one per byte range)
 * @param hashType content hash; only {@code sha256} is supported
 * @param shardSize shard length in bytes for {@code shards}, 0 for {@code files}
 * @param allowSymlinks whether symlinks (inside the model) are followed
 * @param ignorePaths model-relative POSIX paths left out (a folder covers its children)
 */
public record Serialization(String method, String hashType, long shardSize, boolean allowSymlinks,
    List<String> ignorePaths) {
  public static final String FILES = "files";
  public static final String SHARDS = "shards";
  public static final String SHA256 = "sha256";
  /** The reference's default shard size (1 GB, decimal). */
  public static final long DEFAULT_SHARD_SIZE = 1_000_000_000L;

  public Serialization {
    ignorePaths = List.copyOf(ignorePaths);
    if (!FILES.equals(method) && !SHARDS.equals(method)) {
      throw new IllegalArgumentException("unknown serialization method '" + method + "'");
    }
    if (!SHA256.equals(hashType)) {
      throw new IllegalArgumentException("unsupported hash type '" + hashType + "' (only sha256)");
    }
    if (SHARDS.equals(method) && shardSize <= 0) {
      throw new IllegalArgumentException("shard size must be positive, got " + shardSize);
    }
  }

  public static Serialization files(List<String> ignorePaths) {
    return new Serialization(FILES, SHA256, 0, false, ignorePaths);
  }

  public static Serialization shards(long shardSize, List<String> ignorePaths) {
    return new Serialization(SHARDS, SHA256, shardSize, false, ignorePaths);
  }

  public boolean sharded() {
    return SHARDS.equals(method);
  }

  /** The algorithm name each resource carries: {@code sha256} or {@code sha256-sharded-N}. */
  public String itemAlgorithm() {
    return sharded() ? hashType + "-sharded-" + shardSize : hashType;
  }

  public Serialization withAllowSymlinks(boolean allow) {
    return new Serialization(method, hashType, shardSize, allow, ignorePaths);
  }

  public Serialization withIgnorePaths(List<String> paths) {
    return new Serialization(method, hashType, shardSize, allowSymlinks, paths);
  }
}
