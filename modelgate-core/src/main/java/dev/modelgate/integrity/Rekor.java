package dev.modelgate.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Offline checks of one Rekor (v1) transparency log entry from a bundle: the signed entry
 * timestamp, the Merkle inclusion proof up to a checkpoint signed by the log, and that the
 * logged body is this very DSSE envelope (payload hash, signature and certificate).
 */
final class Rekor {
  private Rekor() {}

  /** A checked entry: when the log says it saw the signature. */
  record Entry(Instant integratedTime, TrustedRoot.Log log) {}

  static Entry verify(Map<?, ?> e, TrustedRoot root, Bundle bundle, byte[] leafDer) throws IntegrityException {
    String keyId = HexFormat.of().formatHex(Bundle.b64(
        Statement.map(e.get("logId"), "tlogEntries[].logId").get("keyId"), "tlogEntries[].logId.keyId"));
    TrustedRoot.Log log = null;
    for (TrustedRoot.Log l : root.tlogs()) {
      if (l.logIdHex().equals(keyId)) {
        log = l;
      }
    }
    if (log == null) {
      throw new IntegrityException("transparency log " + keyId + " is not in the trusted root");
    }
    long logIndex = Statement.integer(number(e.get("logIndex")), "tlogEntries[].logIndex");
    long integrated = Statement.integer(number(e.get("integratedTime")), "tlogEntries[].integratedTime");
    String bodyB64 = Statement.string(e.get("canonicalizedBody"), "tlogEntries[].canonicalizedBody");
    byte[] body = Bundle.b64(bodyB64, "tlogEntries[].canonicalizedBody");
    Instant t = Instant.ofEpochSecond(integrated);
    if (t.isBefore(log.start()) || t.isAfter(log.end())) {
      throw new IntegrityException("log entry time " + t + " is outside the log key's validity");
    }
    // The signed entry timestamp is what makes integratedTime trustworthy.
    if (e.get("inclusionPromise") == null) {
      throw new IntegrityException("log entry has no signed entry timestamp (inclusionPromise)");
    }
    byte[] set = Bundle.b64(Statement.map(e.get("inclusionPromise"), "inclusionPromise").get("signedEntryTimestamp"),
        "inclusionPromise.signedEntryTimestamp");
    String setPayload = "{\"body\":\"" + bodyB64 + "\",\"integratedTime\":" + integrated
        + ",\"logID\":\"" + keyId + "\",\"logIndex\":" + logIndex + "}";
    if (!check(log.key(), setPayload.getBytes(StandardCharsets.UTF_8), set)) {
      throw new IntegrityException("signed entry timestamp does not verify with the log key");
    }
    if (e.get("inclusionProof") != null) {
      inclusion(Statement.map(e.get("inclusionProof"), "inclusionProof"), body, log);
    }
    checkBody(body, bundle, leafDer);
    return new Entry(t, log);
  }

  private static @Nullable Object number(@Nullable Object o) throws IntegrityException {
    // protobuf JSON writes int64 as strings
    if (o instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IntegrityException("not an integer: " + s);
      }
    }
    return o;
  }

  static void inclusion(Map<?, ?> p, byte[] body, TrustedRoot.Log log) throws IntegrityException {
    long index = Statement.integer(number(p.get("logIndex")), "inclusionProof.logIndex");
    long size = Statement.integer(number(p.get("treeSize")), "inclusionProof.treeSize");
    byte[] rootHash = Bundle.b64(p.get("rootHash"), "inclusionProof.rootHash");
    List<?> hashes = Statement.list(p.get("hashes"), "inclusionProof.hashes");
    if (index < 0 || index >= size || hashes.size() > 64) {
      throw new IntegrityException("inclusion proof has an impossible index, size or length");
    }
    MessageDigest md = Manifest.sha256();
    md.update((byte) 0);
    byte[] r = md.digest(body);
    long fn = index;
    long sn = size - 1;
    for (Object h : hashes) {
      byte[] sib = Bundle.b64(h, "inclusionProof.hashes[]");
      if (sn == 0) {
        throw new IntegrityException("inclusion proof is too long");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = node(sib, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = node(r, sib);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0 || !Arrays.equals(r, rootHash)) {
      throw new IntegrityException("inclusion proof does not lead to the logged root hash");
    }
    if (p.get("checkpoint") != null) {
      String note = Statement.string(Statement.map(p.get("checkpoint"), "checkpoint").get("envelope"), "checkpoint.envelope");
      checkpoint(note, size, rootHash, log);
    }
  }

  private static byte[] node(byte[] left, byte[] right) {
    MessageDigest md = Manifest.sha256();
    md.update((byte) 1);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** A signed note: origin, size, base64 root, blank line, then "— name base64(keyhint||sig)". */
  static void checkpoint(String note, long size, byte[] rootHash, TrustedRoot.Log log) throws IntegrityException {
    int split = note.indexOf("\n\n");
    if (split < 0) {
      throw new IntegrityException("checkpoint is not a signed note");
    }
    String text = note.substring(0, split + 1);
    String[] lines = text.split("\n", 0);
    if (lines.length < 3 || !lines[1].equals(Long.toString(size))
        || !Arrays.equals(Base64.getDecoder().decode(lines[2]), rootHash)) {
      throw new IntegrityException("checkpoint does not match the inclusion proof's tree size and root");
    }
    byte[] hint = Arrays.copyOf(HexFormat.of().parseHex(log.logIdHex()), 4);
    for (String line : note.substring(split + 2).split("\n", 0)) {
      if (!line.startsWith("\u2014 ")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(line.substring(sp + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (sig.length > 4 && Arrays.equals(Arrays.copyOf(sig, 4), hint)
          && check(log.key(), text.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(sig, 4, sig.length))) {
        return;
      }
    }
    throw new IntegrityException("checkpoint is not signed by the transparency log");
  }

  /** The logged dsse entry must describe this envelope: payload hash, signature, certificate. */
  static void checkBody(byte[] body, Bundle bundle, byte[] leafDer) throws IntegrityException {
    Map<?, ?> b = Statement.map(Statement.json(body, "log entry body"), "log entry body");
    if (!"dsse".equals(b.get("kind"))) {
      throw new IntegrityException("log entry kind is " + b.get("kind") + ", expected dsse");
    }
    Map<?, ?> spec = Statement.map(b.get("spec"), "body.spec");
    Map<?, ?> ph = Statement.map(spec.get("payloadHash"), "body.spec.payloadHash");
    String want = HexFormat.of().formatHex(Manifest.sha256().digest(bundle.payload()));
    if (!"sha256".equals(ph.get("algorithm")) || !want.equalsIgnoreCase(Statement.string(ph.get("value"), "payloadHash.value"))) {
      throw new IntegrityException("the transparency log entry is for a different payload");
    }
    boolean found = false;
    for (Object o : Statement.list(spec.get("signatures"), "body.spec.signatures")) {
      Map<?, ?> s = Statement.map(o, "body.spec.signatures[]");
      byte[] sig = Bundle.b64(s.get("signature"), "signatures[].signature");
      byte[] verifier = Bundle.b64(s.get("verifier"), "signatures[].verifier");
      List<java.security.cert.X509Certificate> certs =
          Certificates.fromPem(new String(verifier, StandardCharsets.US_ASCII));
      try {
        if (Arrays.equals(sig, bundle.signature()) && !certs.isEmpty()
            && Arrays.equals(certs.get(0).getEncoded(), leafDer)) {
          found = true;
        }
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IntegrityException("bad certificate in the log entry");
      }
    }
    if (!found) {
      throw new IntegrityException("the transparency log entry records a different signature or certificate");
    }
  }

  static boolean check(PublicKey key, byte[] data, byte[] sig) {
    try {
      String alg = switch (key.getAlgorithm()) {
        case "EC" -> Keys.signatureAlgorithm(key);
        case "Ed25519", "EdDSA" -> "Ed25519";
        default -> "SHA256withRSA";
      };
      Signature s = Signature.getInstance(alg);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException | IntegrityException | RuntimeException e) {
      return false;
    }
  }
}
