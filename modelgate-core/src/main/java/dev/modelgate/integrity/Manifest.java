package dev.modelgate.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A model's hashed objects in the reference order, with the settings that produced them.
 *
 * @param modelName informative only (the last path component); not part of verification
 * @param items files or shards, sorted by {@link PathOrder}
 * @param serialization how the items were produced
 */
public record Manifest(String modelName, List<ManifestItem> items, Serialization serialization) {
  public Manifest {
    List<ManifestItem> sorted = new ArrayList<>(items);
    sorted.sort(PathOrder.items(serialization.sharded()));
    items = List.copyOf(sorted);
  }

  /**
   * The subject digest of the in-toto statement: SHA-256 over the concatenated raw digests of
   * all items in resource order (not over their names, which the signed predicate carries).
   */
  public String rootDigest() {
    return rootDigest(items);
  }

  static String rootDigest(List<ManifestItem> inOrder) {
    MessageDigest md = sha256();
    HexFormat hex = HexFormat.of();
    for (ManifestItem item : inOrder) {
      md.update(hex.parseHex(item.digestHex()));
    }
    return hex.formatHex(md.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
