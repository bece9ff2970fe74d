package dev.modelgate.integrity;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.json.JsonWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The in-toto Statement v1 a model signature wraps: subject = model name + root digest,
 * predicate {@code https://model_signing/signature/v1.0} = serialization settings + one
 * resource descriptor per file or shard. Also reads the v0.2 predicate
 * ({@code https://model_signing/Digests/v0.1}: one subject per file, no settings).
 */
final class Statement {
  static final String TYPE = "https://in-toto.io/Statement/v1";
  static final String PREDICATE_V1 = "https://model_signing/signature/v1.0";
  static final String PREDICATE_V01 = "https://model_signing/Digests/v0.1";
  /** Upper bound on resources read from a signature (a 10 TB model in 1 MB shards). */
  static final int MAX_RESOURCES = 10_000_000;
  /** Every file is checked against every ignore path, so their number is bounded too. */
  static final int MAX_IGNORE_PATHS = 10_000;

  private Statement() {}

  /** The signed manifest as read from a payload. {@code serialization} is null for v0.1. */
  record Signed(String modelName, List<ManifestItem> items, @Nullable Serialization serialization,
      String predicateType) {}

  /** The payload bytes: two-space indented JSON, the layout the reference writes. */
  static byte[] payload(Manifest m) {
    Map<String, Object> digest = new LinkedHashMap<>();
    digest.put("sha256", m.rootDigest());
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("name", m.modelName());
    subject.put("digest", digest);
    List<Object> resources = new ArrayList<>();
    for (ManifestItem item : m.items()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("algorithm", item.algorithm());
      r.put("name", item.name());
      r.put("digest", item.digestHex());
      resources.add(r);
    }
    Serialization s = m.serialization();
    Map<String, Object> ser = new LinkedHashMap<>();
    ser.put("allow_symlinks", s.allowSymlinks());
    ser.put("method", s.method());
    ser.put("hash_type", s.hashType());
    if (s.sharded()) {
      ser.put("shard_size", s.shardSize());
    }
    if (!s.ignorePaths().isEmpty()) {
      ser.put("ignore_paths", s.ignorePaths());
    }
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("resources", resources);
    predicate.put("serialization", ser);
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("_type", TYPE);
    st.put("subject", List.of(subject));
    st.put("predicateType", PREDICATE_V1);
    st.put("predicate", predicate);
    return JsonWriter.write(st, true).getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a verified payload into the manifest it signs, checking its root digest. */
  static Signed parse(byte[] payload) throws IntegrityException {
    Object root = json(payload, "signed payload");
    Map<?, ?> st = map(root, "payload");
    if (!TYPE.equals(st.get("_type"))) {
      throw new IntegrityException("payload _type is " + st.get("_type") + ", expected " + TYPE);
    }
    Object pt = st.get("predicateType");
    List<?> subjects = list(st.get("subject"), "subject");
    if (PREDICATE_V01.equals(pt)) {
      return parseV01(subjects);
    }
    if (!PREDICATE_V1.equals(pt)) {
      throw new IntegrityException("unknown predicateType " + pt);
    }
    if (subjects.size() != 1) {
      throw new IntegrityException("expected one subject, got " + subjects.size());
    }
    Map<?, ?> subject = map(subjects.get(0), "subject[0]");
    String name = subject.get("name") instanceof String s ? s : "";
    String expectedRoot = string(map(subject.get("digest"), "subject[0].digest").get("sha256"),
        "subject[0].digest.sha256");
    Map<?, ?> predicate = map(st.get("predicate"), "predicate");
    Serialization ser = serialization(map(predicate.get("serialization"), "predicate.serialization"));
    List<?> resources = list(predicate.get("resources"), "predicate.resources");
    if (resources.size() > MAX_RESOURCES) {
      throw new IntegrityException("too many resources: " + resources.size());
    }
    List<ManifestItem> items = new ArrayList<>(resources.size());
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < resources.size(); k++) {
      String where = "predicate.resources[" + k + "]";
      Map<?, ?> r = map(resources.get(k), where);
      String rn = string(r.get("name"), where + ".name");
      String alg = string(r.get("algorithm"), where + ".algorithm");
      String dg = hex(string(r.get("digest"), where + ".digest"), where + ".digest");
      checkResourceName(rn, ser.sharded());
      if (!seen.add(rn)) {
        throw new IntegrityException("resource '" + rn + "' is listed twice");
      }
      items.add(new ManifestItem(rn, alg, dg));
    }
    // The root digest covers the digests in the order the predicate lists them.
    String actualRoot = Manifest.rootDigest(items);
    if (!actualRoot.equalsIgnoreCase(expectedRoot)) {
      throw new IntegrityException("manifest is inconsistent: root digest is " + expectedRoot
          + " but the resources hash to " + actualRoot);
    }
    return new Signed(name, items, ser, PREDICATE_V1);
  }

  private static Signed parseV01(List<?> subjects) throws IntegrityException {
    if (subjects.size() > MAX_RESOURCES) {
      throw new IntegrityException("too many subjects: " + subjects.size());
    }
    List<ManifestItem> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < subjects.size(); k++) {
      String where = "subject[" + k + "]";
      Map<?, ?> s = map(subjects.get(k), where);
      String n = string(s.get("name"), where + ".name");
      String d = hex(string(map(s.get("digest"), where + ".digest").get("sha256"),
          where + ".digest.sha256"), where + ".digest.sha256");
      checkResourceName(n, false);
      if (!seen.add(n)) {
        throw new IntegrityException("subject '" + n + "' is listed twice");
      }
      items.add(new ManifestItem(n, Serialization.SHA256, d));
    }
    return new Signed("", items, null, PREDICATE_V01);
  }

  private static void checkResourceName(String name, boolean sharded) throws IntegrityException {
    if (sharded) {
      try {
        ModelWalker.checkName(PathOrder.ShardName.parse(name).path());
      } catch (IllegalArgumentException e) {
        // ShardName.parse always names the shard; the fallback only satisfies the type
        throw new IntegrityException(Objects.requireNonNullElse(e.getMessage(),
            "invalid shard name '" + name + "'"));
      }
    } else {
      ModelWalker.checkName(name);
    }
  }

  static Serialization serialization(Map<?, ?> s) throws IntegrityException {
    String method = string(s.get("method"), "serialization.method");
    String hashType = string(s.get("hash_type"), "serialization.hash_type");
    Object sym = s.get("allow_symlinks");
    boolean allow = sym instanceof Boolean b && b;
    long shard = 0;
    if (Serialization.SHARDS.equals(method)) {
      shard = integer(s.get("shard_size"), "serialization.shard_size");
    }
    List<String> ignore = new ArrayList<>();
    if (s.get("ignore_paths") != null) {
      List<?> paths = list(s.get("ignore_paths"), "serialization.ignore_paths");
      if (paths.size() > MAX_IGNORE_PATHS) {
        throw new IntegrityException("too many ignore_paths: " + paths.size());
      }
      for (Object o : paths) {
        String p = ModelHasher.normalize(string(o, "serialization.ignore_paths[]"));
        if (p.equals(".")) {
          throw new IntegrityException("serialization.ignore_paths may not ignore the whole model");
        }
        ModelWalker.checkName(p);
        ignore.add(p);
      }
    }
    try {
      return new Serialization(method, hashType, shard, allow, ignore);
    } catch (IllegalArgumentException e) {
      throw new IntegrityException("serialization: " + e.getMessage());
    }
  }

  /** Accepts {@code 512} and {@code 512.0}: protobuf's Struct stores numbers as doubles. */
  static long integer(@Nullable Object o, String field) throws IntegrityException {
    try {
      if (o instanceof Long l) {
        return l;
      }
      if (o instanceof BigInteger bi) {
        return bi.longValueExact();
      }
      if (o instanceof BigDecimal bd) {
        return bd.stripTrailingZeros().longValueExact();
      }
    } catch (ArithmeticException e) {
      throw new IntegrityException(field + " is not a whole number: " + o);
    }
    throw new IntegrityException(field + " must be a number");
  }

  /**
   * Parses untrusted JSON. Besides {@link JsonException}, the shared parser lets a
   * NumberFormatException escape for numbers whose exponent overflows (e.g. {@code 2E1111...});
   * both become an {@link IntegrityException} naming what was parsed.
   */
  static @Nullable Object json(byte[] bytes, String what) throws IntegrityException {
    try {
      return Json.parse(bytes);
    } catch (JsonException e) {
      throw new IntegrityException(what + " is not valid JSON: " + e.getMessage());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IntegrityException(what + " is not valid JSON: number out of range");
    }
  }

  static Map<?, ?> map(@Nullable Object o, String field) throws IntegrityException {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new IntegrityException(field + " must be a JSON object");
  }

  static List<?> list(@Nullable Object o, String field) throws IntegrityException {
    if (o instanceof List<?> l) {
      return l;
    }
    throw new IntegrityException(field + " must be a JSON array");
  }

  static String string(@Nullable Object o, String field) throws IntegrityException {
    if (o instanceof String s) {
      return s;
    }
    throw new IntegrityException(field + " must be a string");
  }

  private static String hex(String s, String field) throws IntegrityException {
    if (s.length() != 64 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IntegrityException(field + " is not a hex SHA-256 digest");
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  }
}
