package dev.modelgate.integrity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a model against a signature bundle: first who signed the payload (exactly the stored
 * bytes, never re-serialised), then that the model hashed with the recorded settings matches
 * the signed manifest file by file.
 */
public final class ModelVerifier {
  private final ModelHasher hasher;

  public ModelVerifier(ModelHasher hasher) {
    this.hasher = hasher;
  }

  /** What was verified. */
  public record Result(String modelName, int items, String predicateType, Serialization serialization) {}

  /**
   * Verifies {@code model} against {@code bundle}.
   *
   * @param ignore model-relative paths left out besides those the signature records (the
   *     signature file, git paths, {@code --ignore-paths})
   * @param ignoreUnsignedFiles hash only the files the signature lists
   */
  public Result verify(Path model, Bundle bundle, BundleVerifier verifier, List<String> ignore,
      boolean ignoreUnsignedFiles) throws IOException, IntegrityException {
    return verify(model, bundle, verifier, ignore, ignoreUnsignedFiles, false);
  }

  /**
   * Like {@link #verify(Path, Bundle, BundleVerifier, List, boolean)}; symlinks inside the model
   * are followed only with {@code allowSymlinks}, whatever the signature records: like the
   * reference CLI ({@code --allow-symlinks}), following links is the verifier's choice, since a
   * link lets whoever controls its target change what the model loads.
   */
  public Result verify(Path model, Bundle bundle, BundleVerifier verifier, List<String> ignore,
      boolean ignoreUnsignedFiles, boolean allowSymlinks) throws IOException, IntegrityException {
    verifier.verify(bundle);
    Statement.Signed signed = Statement.parse(bundle.payload());
    if (signed.items().isEmpty()) {
      throw new IntegrityException("the signature covers no files, so it proves nothing about "
          + model);
    }
    // v0.2 payloads record no settings; they were made by file with SHA-256.
    Serialization ser = signed.serialization() != null ? signed.serialization() : Serialization.files(List.of());
    Set<String> allIgnored = new LinkedHashSet<>();
    for (String p : ignore) {
      allIgnored.add(ModelHasher.normalize(p));
    }
    allIgnored.addAll(ser.ignorePaths());
    List<String> only = null;
    if (ignoreUnsignedFiles) {
      Set<String> names = new LinkedHashSet<>();
      for (ManifestItem item : signed.items()) {
        names.add(ser.sharded() ? PathOrder.ShardName.parse(item.name()).path() : item.name());
      }
      only = new ArrayList<>(names);
    }
    Manifest actual = hasher.hash(model, ser.withIgnorePaths(new ArrayList<>(allIgnored))
        .withAllowSymlinks(allowSymlinks), only);
    actual = singleFileInFolder(signed.items(), actual);
    compare(signed.items(), actual);
    return new Result(actual.modelName(), signed.items().size(), signed.predicateType(), ser);
  }

  /**
   * A signature made over one file names it {@code "."} (the reference records no file name then).
   * Verifying the folder that holds that file and its signature is unambiguous when the folder has
   * exactly one signable file: that file stands for {@code "."}. With more files the folder does
   * not match, and the message says to name the file.
   */
  static Manifest singleFileInFolder(List<ManifestItem> expected, Manifest actual)
      throws IntegrityException {
    if (expected.size() != 1 || !expected.get(0).name().equals(".")
        || actual.items().stream().anyMatch(i -> i.name().equals("."))) {
      return actual;
    }
    if (actual.items().size() != 1) {
      throw new IntegrityException("the signature covers a single file, but the folder holds "
          + actual.items().size() + " files: verify the signed file itself");
    }
    ManifestItem only = actual.items().get(0);
    ManifestItem signed = expected.get(0);
    if (!only.digestHex().equalsIgnoreCase(signed.digestHex())
        || !only.algorithm().equals(signed.algorithm())) {
      throw new IntegrityException("model does not match the signature: changed: " + only.name());
    }
    return new Manifest(actual.modelName(),
        List.of(new ManifestItem(".", only.algorithm(), only.digestHex())), actual.serialization());
  }

  static void compare(List<ManifestItem> expectedItems, Manifest actual) throws IntegrityException {
    Map<String, ManifestItem> expected = new LinkedHashMap<>();
    for (ManifestItem i : expectedItems) {
      expected.put(i.name(), i);
    }
    Map<String, ManifestItem> got = new LinkedHashMap<>();
    for (ManifestItem i : actual.items()) {
      got.put(i.name(), i);
    }
    List<String> extra = new ArrayList<>();
    for (String n : got.keySet()) {
      if (!expected.containsKey(n)) {
        extra.add(n);
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (ManifestItem e : expected.values()) {
      ManifestItem a = got.get(e.name());
      if (a == null) {
        missing.add(e.name());
      } else if (!a.digestHex().equalsIgnoreCase(e.digestHex()) || !a.algorithm().equals(e.algorithm())) {
        changed.add(e.name());
      }
    }
    if (extra.isEmpty() && missing.isEmpty() && changed.isEmpty()) {
      return;
    }
    extra.sort(PathOrder.PATHS);
    missing.sort(PathOrder.PATHS);
    changed.sort(PathOrder.PATHS);
    List<String> parts = new ArrayList<>();
    if (!changed.isEmpty()) {
      parts.add("changed: " + String.join(", ", changed));
    }
    if (!missing.isEmpty()) {
      parts.add("missing: " + String.join(", ", missing));
    }
    if (!extra.isEmpty()) {
      parts.add("not signed: " + String.join(", ", extra));
    }
    throw new IntegrityException("model does not match the signature: " + String.join("; ", parts));
  }
}
