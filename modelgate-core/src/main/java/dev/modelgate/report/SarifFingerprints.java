package dev.modelgate.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code partialFingerprints} that identify a finding across runs and machines: SHA-256 of the
 * rule id, the file's URI relative to {@code %SRCROOT%}, the member and location inside it
 * (with byte offset) and the evidence, NUL-separated; the first 32 hex digits, then
 * {@code :n} for the n-th result with the same key in this run. No absolute path, time or
 * message wording enters it, so rescanning an unchanged checkout anywhere gives the same value;
 * a changed file gives a new alert. The value goes under {@code modelgate/v1} and under
 * {@code primaryLocationLineHash}, the key GitHub matches alerts on, which upload-sarif cannot
 * compute for binary files (it hashes source lines).
 */
final class SarifFingerprints {
  static final String KEY = "modelgate/v1";
  private final Map<String, Integer> seen = new HashMap<>();

  Map<String, Object> of(String ruleId, String uri, String logical, String evidence) {
    String hash = hash(ruleId + '\0' + uri + '\0' + logical + '\0' + evidence);
    String value = hash + ":" + seen.merge(hash, 1, Integer::sum);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(KEY, value);
    m.put("primaryLocationLineHash", value);
    return m;
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
