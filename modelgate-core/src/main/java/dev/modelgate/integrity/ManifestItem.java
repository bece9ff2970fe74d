package dev.modelgate.integrity;

/**
 * One signed object: a file ({@code dir/file}) or a shard ({@code dir/file:start:end}) with its
 * digest.
 *
 * @param name model-relative POSIX path, with {@code :start:end} for shards
 * @param algorithm {@code sha256} or {@code sha256-sharded-N}
 * @param digestHex lowercase hex digest
 */
public record ManifestItem(String name, String algorithm, String digestHex) {}
